// The Checker: AST → checked statement. Resolves names against the catalog
// (did-you-mean on unknown ones), checks types, resolves times in the session
// time zone, substitutes variables, and enforces the `turns` rules.

import CallqResult
import CallqSyntax
import Foundation

/// Turns parsed statements into checked ones, or throws a Diagnostic.
public struct Checker {
    public var context: CheckContext
    var catalog: Catalog = .orders
    /// `false` while checking a query over saved orders (file/stdin), where `turns` cannot work.
    var fromAPI = true
    /// The query reads the mirror: `select *` includes its sync stamps (`seen`, `changed`).
    var fromMirror = false
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

    /// Inside a `stats` item (outside its aggregates): the `by` keys and the aggregates found so far.
    var statsScope: StatsScope?
    /// Inside `having`: the output columns its tests read.
    var havingScope: HavingScope?
    /// True while checking an aggregate's arguments (aggregates do not nest).
    var inAggregate = false
    /// The session zone for time functions, made on first use.
    var termZone: TermZone?
    /// Errors kept while gathering every error of a statement (`diagnostics`); nil otherwise.
    var gathered: [Diagnostic]?

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

    mutating func check(_ stmt: Statement) throws(Diagnostic) -> CheckedStatement {
        substitutions = 0
        switch stmt.kind {
        case .query(let q): return .query(try checkQuery(q))
        case .explain(let q):
            // Only the plan is printed: the session's format does not matter (a `format` clause still does).
            let format = context.format
            context.format = nil
            defer { context.format = format }
            return .explain(try checkQuery(q))
        case .useTask(let ids): return .useTask(try taskIDs(ids))
        case .set(let name, let value): return try checkSet(name, value)
        case .letValue(let name, let value):
            return .letVariable(name: name.text, value: .value(value))
        case .letExpr(let name, let expr):
            // A condition is checked again where it is used; here it must make sense for
            // orders or for calls (`let retried = (attempt > 1)`).
            catalog = .orders
            let gathering = gathered
            do { _ = try checkExpr(expr, topLevel: true) } catch {
                // Errors are those of orders, kept only when it does not make sense for calls either.
                let kept = gathered
                gathered = nil
                catalog = .calls
                defer { catalog = .orders }
                let calls = (try? checkExpr(expr, topLevel: true)) != nil
                gathered = calls ? gathering : kept
                guard calls else { throw error }
            }
            return .letVariable(name: name.text, value: .expr(expr))
        case .sync(let tasks, let full):
            let ids = tasks.isEmpty ? context.defaultTasks : try taskIDs(tasks)
            guard !ids.isEmpty else {
                throw Diagnostic(
                    .noTask, "no task to sync", at: stmt.range,
                    hint: "write `sync task 'ID'`, run `use task 'ID'`, or pass --task ID")
            }
            return .sync(tasks: ids, full: full)
        case .mirrors: return .mirrors
        case .ping: return .ping
        case .help(let topic): return .help(topic: topic?.text.lowercased())
        case .watch(let w, let q): return try checkWatch(w, q)
        }
    }

    /// Checks a query: source, filter, output columns, order, paging, format and `into`.
    public mutating func checkQuery(_ q: Query) throws(Diagnostic) -> CheckedQuery {
        let source: QuerySource
        catalog = .orders
        fromAPI = true
        fromMirror = false
        switch q.source {
        case .api(let tasks):
            source =
                tasks.isEmpty
                ? .api(tasks: context.defaultTasks, explicit: false) : .api(tasks: try taskIDs(tasks), explicit: true)
        case .file(let p): source = .file(Checker.expandingTilde(p.value)); fromAPI = false
        case .stdin: source = .stdin; fromAPI = false
        case .taskList: source = .taskList; catalog = .tasks
        case .mirror(let tasks):
            source =
                tasks.isEmpty
                ? .mirror(tasks: context.defaultTasks, explicit: false)
                : .mirror(tasks: try taskIDs(tasks), explicit: true)
            fromAPI = false
            fromMirror = true
        }
        if q.unit == .calls { catalog = .calls }
        defer { catalog = .orders }
        let mark = gathered?.count ?? 0
        var filter: CheckedExpr?
        do { filter = try q.filter.map { e throws(Diagnostic) in try checkExpr(e, topLevel: true) } } catch {
            try keepGoing(error)
        }
        var (shape, columns) = try checkOutput(q.output)
        if let h = q.having { shape = try checkHaving(h, shape: shape, columns: columns) }
        let orderBy = try q.orderBy.map { o throws(Diagnostic) in try checkOrderItem(o, shape: shape, columns: columns) }
        try rethrowKept(since: mark)
        var pages: ClosedRange<Int>?
        if let p = q.page {
            let last = p.last ?? p.first
            guard p.first.value >= 1 else {
                throw Diagnostic(.invalidClause, "pages are numbered from 1", at: p.first.range, hint: "write `page 1`")
            }
            guard last.value >= p.first.value else {
                throw Diagnostic(
                    .invalidClause, "page range \(p.first.value)..\(last.value) is backwards", at: last.range,
                    hint: "write `page \(last.value)..\(p.first.value)`")
            }
            pages = p.first.value...last.value
        }
        if let s = q.size, s.value < 1 {
            throw Diagnostic(.invalidClause, "`size` must be at least 1", at: s.range)
        }
        let format = try q.format.map { f throws(Diagnostic) in try checkFormat(f) }
        try checkInto(q.into, format: format ?? context.format)
        let output = try resolveOutput(
            clause: q.format, format: format, into: q.into.map { Checker.expandingTilde($0.value) }, shape: shape,
            columns: columns,
            query: q.range)
        var checked = CheckedQuery(
            source: source, filter: filter, shape: shape, columns: columns, orderBy: orderBy,
            limit: q.limit?.value, pages: pages, size: q.size?.value, output: output,
            text: Printer.print(q), range: q.range)
        if q.unit == .calls { checked.unit = .calls }
        return checked
    }

    /// Task ids as written: quoted, or `$t` holding one (`let t = 'demo-task'`, `-D t=demo-task`).
    mutating func taskIDs(_ list: [StringLiteral]) throws(Diagnostic) -> [String] {
        var ids: [String] = []
        for s in list {
            guard let name = s.variable else { ids.append(s.value); continue }
            let resolved = try resolveValue(Value(.variable(name), s.range))
            guard case .text(let id) = resolved else {
                throw Diagnostic(
                    .typeMismatch, "`$\(name)` is \(resolved.describe), not a task id", at: s.range,
                    hint: "a task id is text: `let \(name) = 'demo-task'`")
            }
            ids.append(id)
        }
        return ids
    }

    func checkFormat(_ f: Name) throws(Diagnostic) -> OutputFormat {
        let l = f.text.lowercased()
        guard let format = OutputFormat(rawValue: l) else {
            let names = OutputFormat.allCases.map(\.rawValue)
            throw Diagnostic(
                .invalidSetting, "unknown format `\(f.text)`", at: f.range,
                hint: EditDistance.suggest(l, among: names).map { "did you mean `\($0)`?" }
                    ?? "formats: " + names.joined(separator: ", "))
        }
        return format
    }

    /// The catalog field of a reference, or an unknown-field diagnostic with a did-you-mean.
    func resolve(_ ref: FieldRef) throws(Diagnostic) -> Field {
        if let p = ref.parameter {
            guard ref.name.lowercased() == "param", catalog.hasParams else {
                throw Diagnostic(
                    .unknownField, "unknown field `\(ref.text)`", at: ref.range,
                    hint: catalog.hasParams ? "call parameters are written `param.NAME`" : nil)
            }
            return catalog.parameter(p)
        }
        if let f = catalog.field(named: ref.name) { return f }
        let candidates = catalog.allNames
        let parts = ref.name.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count > 1, parts.allSatisfy({ catalog.field(named: String($0)) != nil }) {
            throw Diagnostic(
                .unknownField, "unknown field `\(ref.name)`", at: ref.range,
                hint:
                    "a `-` between letters belongs to the word; to subtract, put spaces around it: `\(parts.joined(separator: " - "))`"
            )
        }
        var hint = EditDistance.suggest(ref.name, among: candidates).map { "did you mean `\($0)`?" }
        if hint == nil, let kw = EditDistance.suggest(ref.name, among: LanguageCatalog.keywords),
            kw.lowercased() != ref.name.lowercased()
        {
            hint = "did you mean the keyword `\(kw)`?"
        }
        if hint == nil { hint = catalog.missingFieldHint(ref.name) }
        if hint == nil, Catalog.enumNames.contains(CatalogEnum.normalize(ref.name)) {
            hint = "`\(ref.name)` is a status name; compare a field with it: `status = \(ref.name)`"
        }
        throw Diagnostic(
            .unknownField, "unknown field `\(ref.name)`", at: ref.range,
            hint: hint ?? "see `help fields` for the list")
    }
}
