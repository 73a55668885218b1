// Query mode: runs a fuzzed script the way `callq` does — split into
// statements, each lexed, parsed, checked and (for queries) planned and
// explained, session effects kept — checking every stage's invariants.

import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation

/// One query-mode run over one input.
struct QueryFuzz {
    let text: String
    let map: SourceMap
    var context = FuzzSamples.context
    /// Setting values as the session keeps them (the table's defaults, changed by `set`).
    var settingValues: [SettingKey: SettingValue] = Dictionary(
        SettingSpec.all.compactMap { spec in spec.defaultValue.map { (spec.key, $0) } }, uniquingKeysWith: { a, _ in a })
    var findings = FuzzFindings()

    init(text: String) {
        self.text = text
        map = SourceMap(text)
    }

    mutating func run() {
        _ = ScriptSplitter.isComplete(text)
        let statements = ScriptSplitter.split(text)
        checkSplit(statements)
        checkTokens()
        for s in statements { statement(s) }
        // The whole text as a `-D` value and as a condition, the two other ways text reaches the parser.
        var ctx = context
        ctx.variables["fuzz"] = .text(text)
        for probe in ["orders where $fuzz", "orders where duration > $fuzz", "orders where name = $fuzz"] {
            _ = try? Checker.check(probe, context: ctx)
        }
    }

    /// Each statement's text is the script's bytes at its origin, in order, without overlap.
    mutating func checkSplit(_ statements: [ScriptStatement]) {
        var last = 0
        for s in statements {
            let b = Array(s.text.utf8)
            if let p = map.problem(with: s.origin) {
                findings.expect(false, "splitter: statement origin \(s.origin): \(p)")
                continue
            }
            let end = s.origin.offset + b.count
            findings.expect(
                s.origin.offset >= last && end <= map.bytes.count && Array(map.bytes[s.origin.offset..<end]) == b,
                "splitter: statement \(s.text.debugDescription) is not the script's text at \(s.origin)")
            findings.expect(!s.text.isEmpty, "splitter: empty statement at \(s.origin)")
            last = max(last, end)
        }
    }

    /// The whole text's tokens lie inside it, in order, ending with `.end`.
    mutating func checkTokens() {
        guard let tokens = try? Lexer.tokenize(text) else { return }
        var last = 0
        for t in tokens {
            if let p = map.problem(with: t.range) { findings.expect(false, "lexer: token \(t.display) at \(t.range): \(p)") }
            findings.expect(t.range.start.offset >= last, "lexer: token \(t.display) at \(t.range) overlaps the one before")
            last = t.range.end.offset
        }
        if case .end = tokens.last?.kind {} else { findings.expect(false, "lexer: tokens do not end with .end") }
    }

    /// One statement through every stage; a diagnostic must point into the script.
    mutating func statement(_ s: ScriptStatement) {
        do {
            let stmt = try Parser.parse(s.text, origin: s.origin)
            if let p = map.problem(with: stmt.range) { findings.expect(false, "parser: statement range \(stmt.range): \(p)") }
            roundTrip(stmt)
            try checked(try Checker.check(stmt, context: context))
        } catch {
            diagnostic(error)
        }
    }

    mutating func diagnostic(_ d: Diagnostic) {
        if let p = map.problem(with: d.range) {
            findings.expect(false, "diagnostic `\(d.message)` (\(d.kind)) at \(d.range): \(p)")
        }
        findings.expect(
            d.range.start.line <= map.lineCount, "diagnostic `\(d.message)` on line \(d.range.start.line) of \(map.lineCount)")
        findings.expect(d.render(source: text).contains(d.message), "diagnostic `\(d.message)` renders without its message")
    }

    /// Applies a checked statement as a session would; plans, explains and evaluates queries.
    mutating func checked(_ c: CheckedStatement) throws(Diagnostic) {
        switch c {
        case .query(let q), .explain(let q), .watch(_, let q):
            let plan = try Planner.plan(q, settings: PlanSettings { settingValues[$0] })
            let explained = plan.explain()
            findings.expect(explained.hasPrefix("query: "), "explain: output starts \(explained.prefix(40).debugDescription)")
            recheck(q)
            let records = q.source == .taskList ? FuzzSamples.tasks : FuzzSamples.orders
            for record in records {
                _ = q.filter?.evaluate(record)
                _ = plan.residual?.evaluate(record)
                for t in QueryFuzz.terms(q) { _ = t.value(in: record) }
            }
        case .useTask(let ids): context.defaultTasks = ids
        case .letVariable(let name, let value): context.variables[name] = value
        case .set(let key, let value):
            if case .zone(let z) = value {
                let zone = z == "UTC" ? TimeZone(identifier: "UTC") : TimeZone(identifier: z)
                findings.expect(zone != nil, "set tz: the checker accepted `\(z)`, which is not a time zone")
            }
            settingValues[key] = value
            context.apply(key, value)
        case .ping, .help, .sync, .mirrors: break
        }
    }

    /// Every value a query outputs, groups by, aggregates or sorts by.
    static func terms(_ q: CheckedQuery) -> [CheckedTerm] {
        var out: [CheckedTerm]
        switch q.shape {
        case .records(let values, _): out = values
        case .groups(let keys, let aggs, _, _): out = keys + aggs.compactMap(\.argument)
        }
        for k in q.orderBy { if case .term(let t) = k.key { out.append(t) } }
        return out
    }
}
