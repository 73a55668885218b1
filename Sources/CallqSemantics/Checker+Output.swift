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
            return (.records(values: fields.map { .field($0) }, passThrough: true),
                    fields.map { Column(name: $0.name, kind: $0.kind) })
        case .allFields:
            let fields = catalog.fields.filter { !$0.serverOnly }
            return (.records(values: fields.map { .field($0) }, passThrough: false),
                    fields.map { Column(name: $0.name, kind: $0.kind) })
        case .rows(let items?):
            var values: [CheckedTerm] = [], columns: [Column] = []
            for item in items {
                let term = try projected(item.field)
                try addColumn(Column(name: item.alias?.text ?? item.field.text, kind: term.kind), to: &columns,
                              at: item.alias?.range ?? item.range)
                values.append(term)
            }
            return (.records(values: values, passThrough: false), columns)
        case .count(let by):
            let (keys, columns) = try checkKeys(by)
            var all = columns
            try addColumn(Column(name: "count", kind: .integer), to: &all, at: by.last?.range ?? .none)
            return (.groups(keys: keys, aggregates: [.countAll]), all)
        case .stats(let aggregates, let by):
            var (keys, columns) = try checkKeys(by)
            var checked: [CheckedAggregate] = []
            for a in aggregates {
                let c = try checkAggregate(a)
                try addColumn(Column(name: c.name, kind: c.kind), to: &columns, at: a.alias?.range ?? a.range)
                checked.append(c)
            }
            return (.groups(keys: keys, aggregates: checked), columns)
        }
    }

    /// `by` keys: their terms and columns.
    mutating func checkKeys(_ by: [FieldRef]) throws(Diagnostic) -> ([CheckedTerm], [Column]) {
        var keys: [CheckedTerm] = [], columns: [Column] = []
        for ref in by {
            let term = try projected(ref)
            try addColumn(Column(name: ref.text, kind: term.kind), to: &columns, at: ref.range)
            keys.append(term)
        }
        return (keys, columns)
    }

    /// Appends a column, refusing a name already taken (json keys and `order by` must be unambiguous).
    func addColumn(_ c: Column, to columns: inout [Column], at range: SourceRange) throws(Diagnostic) {
        if columns.contains(where: { $0.name.lowercased() == c.name.lowercased() }) {
            throw Diagnostic(.invalidClause, "two output columns are named `\(c.name)`", at: range,
                             hint: "give one of them another name with `as`")
        }
        columns.append(c)
    }

    /// A field for output (select, by, order by, an aggregate's argument); `turns` cannot be output.
    func projected(_ ref: FieldRef) throws(Diagnostic) -> CheckedTerm {
        let f = try resolve(ref)
        if f.serverOnly {
            throw Diagnostic(.turnsPlacement, "`\(ref.text)` cannot be shown, sorted or grouped", at: ref.range,
                             hint: "replies do not contain it; it can only be filtered with `and` at the top level")
        }
        return .field(f)
    }

    func checkAggregate(_ a: Aggregate) throws(Diagnostic) -> CheckedAggregate {
        let name = a.function.text.lowercased()
        guard let fn = AggregateFunction(rawValue: name) else {
            throw Diagnostic(.unknownFunction, "unknown aggregate `\(a.function.text)`", at: a.function.range,
                             hint: EditDistance.suggest(name, among: Catalog.aggregateNames).map { "did you mean `\($0)`?" }
                                 ?? "aggregates: count(), sum(F), avg(F), min(F), max(F), count_distinct(F)")
        }
        let out = a.alias?.text ?? "\(name)(\(a.field?.text ?? ""))"
        guard let ref = a.field else {
            if fn == .count { return CheckedAggregate(function: fn, argument: nil, name: out, kind: .integer) }
            throw Diagnostic(.missingValue, "`\(name)` needs a field", at: a.range, hint: "write `\(name)(duration)`")
        }
        let term = try projected(ref)
        guard case .field(let f) = term else { return CheckedAggregate(function: fn, argument: term, name: out, kind: .number) }
        let element = f.kind.element
        let kind: ColumnKind
        switch fn {
        case .count, .countDistinct: kind = .integer
        case .sum, .avg:
            guard [.integer, .number, .seconds, .time].contains(f.type) else {
                throw Diagnostic(.typeMismatch, "`\(name)` needs a number field; `\(ref.text)` is \(f.type)", at: ref.range,
                                 hint: "use count_distinct(\(ref.text)) or count() by \(ref.text)")
            }
            // An average duration is a duration, an average time a time; a sum of times is just a number.
            kind = element == .seconds || (element == .time && fn == .avg) ? element : .number
        case .min, .max:
            if f.type == .bool {
                throw Diagnostic(.typeMismatch, "`\(name)` needs an ordered field; `\(ref.text)` is bool", at: ref.range)
            }
            kind = element
        }
        return CheckedAggregate(function: fn, argument: term, name: out, kind: kind)
    }

    /// An `order by` key: on a `count`/`stats` result an output column (by its name, or a `by` key's
    /// field); on rows a `select` alias, else any field of the record.
    func checkOrderItem(_ o: OrderItem, shape: ResultShape, columns: [Column]) throws(Diagnostic) -> SortKey {
        let written = o.field.text.lowercased()
        let column = columns.firstIndex { $0.name.lowercased() == written }
        func key(_ k: SortKey.Key) -> SortKey {
            SortKey(key: k, descending: o.descending, nullsFirst: o.nullsFirst ?? false)
        }
        switch shape {
        case .groups(let keys, _):
            if let column { return key(.column(column)) }
            // A `by` key named differently (`count by status order by callStatus`) is the same column.
            if o.field.parameter == nil, let f = catalog.field(named: o.field.name),
               let k = keys.firstIndex(of: .field(f)) {
                return key(.column(k))
            }
            throw Diagnostic(.invalidClause, "`order by \(o.field.text)`: a count or stats result is sorted by its output columns",
                             at: o.field.range,
                             hint: "output columns: " + columns.map(\.name).joined(separator: ", "))
        case .records(_, let passThrough):
            if let column, !passThrough { return key(.column(column)) }
            return key(.term(try projected(o.field)))
        }
    }
}

extension ColumnKind {
    /// The kind of one element (for lists), else the kind itself.
    public var element: ColumnKind {
        if case .list(let k) = self { return k }
        return self
    }
}
