// Checking what a query outputs: `select` items (or the default columns, or `*`),
// `count`/`stats` keys and aggregates, with their column names and kinds, and the
// `order by` keys — a record's value on row queries, an output column on
// `count`/`stats` results.

import CallqResult
import CallqSyntax

extension Checker {
    /// The result shape and its output columns.
    mutating func checkOutput(_ output: Output) throws(Diagnostic) -> (ResultShape, [Column]) {
        switch output {
        case .rows(nil):
            let fields = catalog.defaultFields
            return (
                .records(values: fields.map { .field($0) }, passThrough: true),
                fields.map { Column(name: $0.name, kind: $0.kind) }
            )
        case .allFields:
            let fields = catalog.fields.filter { f in
                !f.serverOnly && (fromMirror || !MirrorLayout.stampColumns.contains { $0.field == f })
            }
            return (
                .records(values: fields.map { .field($0) }, passThrough: false),
                fields.map { Column(name: $0.name, kind: $0.kind) }
            )
        case .rows(let items?):
            var values: [CheckedTerm] = [], columns: [Column] = []
            let mark = gathered?.count ?? 0
            for item in items {
                do {
                    let term = try checkTerm(item.term)
                    try addColumn(
                        Column(name: item.alias?.text ?? Checker.columnName(item.term), kind: term.kind), to: &columns,
                        at: item.alias?.range ?? item.range)
                    values.append(term)
                } catch { try keepGoing(error) }
            }
            try rethrowKept(since: mark)
            return (.records(values: values, passThrough: false), columns)
        case .count(let by):
            let (keys, columns) = try checkKeys(by)
            var all = columns
            try addColumn(Column(name: "count", kind: .integer), to: &all, at: by.last?.range ?? .none)
            let outputs = all.enumerated().map { CheckedTerm.slot($0.offset, $0.element.kind, name: $0.element.name) }
            return (.groups(keys: keys, aggregates: [.countAll], outputs: outputs, having: nil), all)
        case .stats(let items, let by):
            var (keys, columns) = try checkKeys(by)
            var scope = StatsScope(keys: zip(by, keys).enumerated().map { ($0.element.0, $0.element.1, columns[$0.offset].name) })
            var outputs = columns.enumerated().map { CheckedTerm.slot($0.offset, $0.element.kind, name: $0.element.name) }
            for item in items {
                statsScope = scope
                defer { statsScope = nil }
                let term = try checkTerm(item.term)
                scope = statsScope!
                let name = item.alias?.text ?? Checker.columnName(item.term)
                if case .constant = term {
                    throw Diagnostic(
                        .invalidClause, "a stats item needs an aggregate: count(), sum(F), avg(F) …", at: item.range,
                        hint: "write `stats count()`")
                }
                try addColumn(Column(name: name, kind: term.kind), to: &columns, at: item.alias?.range ?? item.range)
                outputs.append(term)
            }
            return (.groups(keys: keys, aggregates: scope.aggregates, outputs: outputs, having: nil), columns)
        }
    }

    /// `by` keys: their terms and columns.
    mutating func checkKeys(_ by: [Term]) throws(Diagnostic) -> ([CheckedTerm], [Column]) {
        var keys: [CheckedTerm] = [], columns: [Column] = []
        let mark = gathered?.count ?? 0
        for t in by {
            do {
                let term = try checkTerm(t)
                try addColumn(Column(name: Checker.columnName(t), kind: term.kind), to: &columns, at: t.range)
                keys.append(term)
            } catch { try keepGoing(error) }
        }
        try rethrowKept(since: mark)
        return (keys, columns)
    }

    /// `having COND` over the output columns of a groups shape.
    mutating func checkHaving(_ e: Expr, shape: ResultShape, columns: [Column]) throws(Diagnostic) -> ResultShape {
        guard case .groups(let keys, let aggs, let outputs, _) = shape else { return shape }
        var cols: [(name: String, kind: ColumnKind, type: FieldType, field: Field?)] = []
        for (i, c) in columns.enumerated() {
            var field: Field?
            if i < keys.count, case .field(let f) = keys[i] { field = f }
            cols.append((c.name, c.kind, field?.type ?? TermClass(c.kind).fieldType, field))
        }
        havingScope = HavingScope(columns: cols)
        defer { havingScope = nil }
        let cond = try checkExpr(e, topLevel: false)
        return .groups(keys: keys, aggregates: aggs, outputs: outputs, having: cond)
    }

    /// Appends a column, refusing a name already taken (json keys and `order by` must be unambiguous).
    func addColumn(_ c: Column, to columns: inout [Column], at range: SourceRange) throws(Diagnostic) {
        if columns.contains(where: { $0.name.lowercased() == c.name.lowercased() }) {
            throw Diagnostic(
                .invalidClause, "two output columns are named `\(c.name)`", at: range,
                hint: "give one of them another name with `as`")
        }
        columns.append(c)
    }

    /// A field for output (select, by, order by, an aggregate's argument); `turns` cannot be output.
    func projected(_ ref: FieldRef) throws(Diagnostic) -> CheckedTerm {
        let f = try resolve(ref)
        if f.serverOnly {
            throw Diagnostic(
                .turnsPlacement, "`\(ref.text)` cannot be shown, sorted or grouped", at: ref.range,
                hint: "replies do not contain it; it can only be filtered with `and` at the top level")
        }
        return .field(f)
    }

    /// An `order by` key: on a `count`/`stats` result an output column (by its name, or a `by` key's
    /// field); on rows a `select` alias, else any field of the record.
    mutating func checkOrderItem(_ o: OrderItem, shape: ResultShape, columns: [Column]) throws(Diagnostic) -> SortKey {
        let written = Checker.columnName(o.term).lowercased()
        let column = columns.firstIndex { $0.name.lowercased() == written }
        func key(_ k: SortKey.Key) -> SortKey {
            SortKey(key: k, descending: o.descending, nullsFirst: o.nullsFirst ?? false)
        }
        if case .literal(let v) = o.term.kind { return key(try positionalSortKey(v, shape: shape, columns: columns)) }
        switch shape {
        case .groups(let keys, _, _, _):
            if let column { return key(.column(column)) }
            // A `by` key named differently (`count by status order by callStatus`) is the same column.
            if let ref = o.term.field, ref.parameter == nil, let f = catalog.field(named: ref.name),
                let k = keys.firstIndex(of: .field(f))
            {
                return key(.column(k))
            }
            throw Diagnostic(
                .invalidClause,
                "`order by \(Checker.columnName(o.term))`: a count or stats result is sorted by its output columns",
                at: o.term.range,
                hint: "output columns: " + columns.map(\.name).joined(separator: ", "))
        case .records(_, let passThrough):
            if let column, !passThrough { return key(.column(column)) }
            let term = try checkTerm(o.term)
            if term.fields.isEmpty { throw Checker.constantSortKey(o.term.range, columns: columns) }
            return key(.term(term))
        }
    }

    /// `order by N`: output column N (1-based), as in SQL; any other constant is no sort key.
    func positionalSortKey(_ v: Value, shape: ResultShape, columns: [Column]) throws(Diagnostic) -> SortKey.Key {
        guard case .integer(let n) = v.kind else { throw Checker.constantSortKey(v.range, columns: columns) }
        guard n >= 1, n <= columns.count else {
            throw Diagnostic(
                .invalidClause, "`order by \(n)`: the result has \(columns.count) output column\(columns.count == 1 ? "" : "s")",
                at: v.range, hint: "output columns: " + columns.map(\.name).joined(separator: ", "))
        }
        // Without `select` the output columns are the default fields; sort by the field itself.
        if case .records(let values, true) = shape { return .term(values[n - 1]) }
        return .column(n - 1)
    }

    static func constantSortKey(_ range: SourceRange, columns: [Column]) -> Diagnostic {
        Diagnostic(
            .invalidClause, "a constant is not a sort key: `order by` takes a field, an output column's name or its number",
            at: range, hint: "output columns: " + columns.map(\.name).joined(separator: ", "))
    }
}

extension ColumnKind {
    /// The kind of one element (for lists), else the kind itself.
    public var element: ColumnKind {
        if case .list(let k) = self { return k }
        return self
    }
}
