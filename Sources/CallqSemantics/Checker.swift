// The Checker: AST → checked statement. Resolves names against the catalog
// (did-you-mean on unknown ones), checks types, resolves times in the session
// time zone, substitutes variables, and enforces the `turns` rules.

import CallqSyntax
import Foundation

/// Turns parsed statements into checked ones, or throws a Diagnostic.
public struct Checker {
    public var context: CheckContext
    var catalog: Catalog = .orders
    /// `false` while checking a query over saved orders (file/stdin), where `turns` cannot work.
    var fromAPI = true
    var variableDepth = 0
    /// Variables substituted so far in this statement (see `substituting`).
    var substitutions = 0
    /// The most variable substitutions one statement may need.
    public static let maxSubstitutions = 1024
    /// How deep `checkExpr` is (see `maxNesting`).
    var nesting = 0
    /// The deepest a checked condition may nest, variables substituted: twice the parser's limit, so
    /// a statement without variables never reaches it, and every later stage's recursion stays
    /// within a small thread stack.
    public static let maxNesting = 2 * Parser.maxDepth

    public init(context: CheckContext) { self.context = context }

    /// Checks one statement.
    public static func check(_ stmt: Statement, context: CheckContext) throws(Diagnostic) -> CheckedStatement {
        var c = Checker(context: context)
        return try c.check(stmt)
    }

    /// Parses and checks one statement's text.
    public static func check(_ text: String, context: CheckContext) throws(Diagnostic) -> CheckedStatement {
        try check(try Parser.parse(text), context: context)
    }

    /// Output formats `format` accepts.
    public static let formats = ["table", "json", "ndjson", "csv", "tsv", "markdown", "line"]

    mutating func check(_ stmt: Statement) throws(Diagnostic) -> CheckedStatement {
        substitutions = 0
        switch stmt.kind {
        case .query(let q): return .query(try checkQuery(q))
        case .explain(let q): return .explain(try checkQuery(q))
        case .useTask(let ids): return .useTask(ids.map(\.value))
        case .set(let name, let value): return try checkSet(name, value)
        case .letValue(let name, let value):
            return .letVariable(name: name.text, value: .value(value))
        case .letExpr(let name, let expr):
            catalog = .orders
            _ = try checkExpr(expr, topLevel: true)
            return .letVariable(name: name.text, value: .expr(expr))
        case .tasks(let filter, let select):
            catalog = .tasks
            defer { catalog = .orders }
            let f = try filter.map { e throws(Diagnostic) in try checkExpr(e, topLevel: false) }
            let s = try select.map { items throws(Diagnostic) in try items.map { i throws(Diagnostic) in try project(i.field, alias: i.alias) } }
            return .tasks(CheckedTasksQuery(filter: f, select: s))
        case .ping: return .ping
        case .help(let topic): return .help(topic: topic?.text.lowercased())
        }
    }

    /// Checks a query: source, filter, output, order, paging and format.
    public mutating func checkQuery(_ q: Query) throws(Diagnostic) -> CheckedQuery {
        catalog = .orders
        let source: CheckedQuery.SourceKind
        switch q.source {
        case .api(let tasks):
            source = tasks.isEmpty ? .api(tasks: context.defaultTasks, explicit: false) : .api(tasks: tasks.map(\.value), explicit: true)
            fromAPI = true
        case .file(let p): source = .file(p.value); fromAPI = false
        case .stdin: source = .stdin; fromAPI = false
        }
        let filter = try q.filter.map { e throws(Diagnostic) in try checkExpr(e, topLevel: true) }
        let output: CheckedQuery.OutputKind
        switch q.output {
        case .rows(let items):
            output = .rows(try items.map { xs throws(Diagnostic) in try xs.map { i throws(Diagnostic) in try project(i.field, alias: i.alias) } })
        case .count(let by):
            output = .count(by: try by.map { f throws(Diagnostic) in try project(f, alias: nil) })
        case .stats(let aggs, let by):
            output = .stats(try aggs.map { a throws(Diagnostic) in try checkAggregate(a) },
                            by: try by.map { f throws(Diagnostic) in try project(f, alias: nil) })
        }
        // With count/stats, `order by` may also name an output column (`count`, an `as` name).
        var outputColumns: [String] = []
        switch output {
        case .count(let by): outputColumns = by.map(\.name) + ["count"]
        case .stats(let aggs, let by): outputColumns = by.map(\.name) + aggs.map(\.name)
        case .rows: break
        }
        let orderBy = try q.orderBy.map { o throws(Diagnostic) in
            if o.field.parameter == nil, let col = outputColumns.first(where: { $0.lowercased() == o.field.name.lowercased() }),
               catalog.field(named: o.field.name) == nil {
                return SortKey(field: Field(col, .integer, FieldPath([.key(col)]), help: "output column"),
                               descending: o.descending)
            }
            return SortKey(field: try project(o.field, alias: nil).field, descending: o.descending)
        }
        var pages: ClosedRange<Int>?
        if let p = q.page {
            let last = p.last ?? p.first
            guard p.first.value >= 1 else {
                throw Diagnostic(.invalidClause, "pages are numbered from 1", at: p.first.range, hint: "write `page 1`")
            }
            guard last.value >= p.first.value else {
                throw Diagnostic(.invalidClause, "page range \(p.first.value)..\(last.value) is backwards", at: last.range,
                                 hint: "write `page \(last.value)..\(p.first.value)`")
            }
            pages = p.first.value...last.value
        }
        if let s = q.size, s.value < 1 {
            throw Diagnostic(.invalidClause, "`size` must be at least 1", at: s.range)
        }
        var format: String?
        if let f = q.format { format = try checkFormat(f) }
        return CheckedQuery(source: source, filter: filter, output: output, orderBy: orderBy, limit: q.limit?.value,
                            pages: pages, size: q.size?.value, format: format, into: q.into?.value,
                            text: Printer.print(q), range: q.range)
    }

    func checkFormat(_ f: Name) throws(Diagnostic) -> String {
        let l = f.text.lowercased()
        guard Checker.formats.contains(l) else {
            throw Diagnostic(.invalidSetting, "unknown format `\(f.text)`", at: f.range,
                             hint: EditDistance.suggest(l, among: Checker.formats).map { "did you mean `\($0)`?" }
                                 ?? "formats: " + Checker.formats.joined(separator: ", "))
        }
        return l
    }

    /// Resolves a field for output (select, by, order by); `turns` cannot be output.
    func project(_ ref: FieldRef, alias: Name?) throws(Diagnostic) -> ProjectedField {
        let f = try resolve(ref)
        if f.serverOnly {
            throw Diagnostic(.turnsPlacement, "`\(ref.text)` cannot be shown, sorted or grouped", at: ref.range,
                             hint: "replies do not contain it; it can only be filtered with `and` at the top level")
        }
        return ProjectedField(name: alias?.text ?? ref.text, field: f)
    }

    func checkAggregate(_ a: Aggregate) throws(Diagnostic) -> CheckedAggregate {
        let name = a.function.text.lowercased()
        guard let fn = CheckedAggregate.Function(rawValue: name) else {
            throw Diagnostic(.unknownFunction, "unknown aggregate `\(a.function.text)`", at: a.function.range,
                             hint: EditDistance.suggest(name, among: Catalog.aggregateNames).map { "did you mean `\($0)`?" }
                                 ?? "aggregates: count(), sum(F), avg(F), min(F), max(F), count_distinct(F)")
        }
        let out = a.alias?.text ?? "\(name)(\(a.field?.text ?? ""))"
        guard let ref = a.field else {
            if fn == .count { return CheckedAggregate(function: fn, field: nil, name: out) }
            throw Diagnostic(.missingValue, "`\(name)` needs a field", at: a.range, hint: "write `\(name)(duration)`")
        }
        let f = try project(ref, alias: nil).field
        switch fn {
        case .sum, .avg:
            guard [.integer, .seconds, .time].contains(f.type) else {
                throw Diagnostic(.typeMismatch, "`\(name)` needs a number field; `\(ref.text)` is \(f.type)", at: ref.range,
                                 hint: "use count_distinct(\(ref.text)) or count() by \(ref.text)")
            }
        case .min, .max:
            if f.type == .bool {
                throw Diagnostic(.typeMismatch, "`\(name)` needs an ordered field; `\(ref.text)` is bool", at: ref.range)
            }
        default: break
        }
        return CheckedAggregate(function: fn, field: f, name: out)
    }

    /// The catalog field of a reference, or an unknown-field diagnostic with a did-you-mean.
    func resolve(_ ref: FieldRef) throws(Diagnostic) -> Field {
        if let p = ref.parameter {
            guard ref.name.lowercased() == "param", catalog.hasParams else {
                throw Diagnostic(.unknownField, "unknown field `\(ref.text)`", at: ref.range,
                                 hint: catalog.hasParams ? "call parameters are written `param.NAME`" : nil)
            }
            return catalog.parameter(p)
        }
        if let f = catalog.field(named: ref.name) { return f }
        let candidates = catalog.allNames
        var hint = EditDistance.suggest(ref.name, among: candidates).map { "did you mean `\($0)`?" }
        if hint == nil, let kw = EditDistance.suggest(ref.name, among: Catalog.keywords), kw.lowercased() != ref.name.lowercased() {
            hint = "did you mean the keyword `\(kw)`?"
        }
        if hint == nil, Catalog.enumNames.contains(CatalogEnum.normalize(ref.name)) {
            hint = "`\(ref.name)` is a status name; compare a field with it: `status = \(ref.name)`"
        }
        throw Diagnostic(.unknownField, "unknown field `\(ref.name)`", at: ref.range,
                         hint: hint ?? "see `help fields` for the list")
    }

    /// Settings `set` knows, with the kind of value each takes.
    public static let settings: [String: String] = [
        "format": "format", "size": "int", "page_size": "int", "concurrency": "int", "tz": "tz",
        "timeout": "seconds", "progress": "bool", "recheck": "bool", "verify": "verify", "max_pages": "int",
        "ids_per_list": "int", "retries": "int", "timing": "bool", "explain": "bool", "on_bad_line": "badLine",
        "timezone": "tz", "time_zone": "tz",
    ]
}
