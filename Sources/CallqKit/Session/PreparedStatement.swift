// The statement pipeline's first half, shared by execute, explain, `rows(…)`,
// scripts and `--check`: text → parsed → checked → planned, against the session
// state a statement sees (variables, default tasks, settings). Statements with
// effects (`use`, `let`, `set`) change that state the same way whether a script
// is being run or only checked, so a check reports exactly what a run would.
import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation

/// A statement ready to run: parsed, checked and, for queries, planned.
public struct PreparedStatement: Sendable {
    /// The statement's text.
    public let text: String
    public let origin: StatementOrigin?
    public let statement: CheckedStatement
    /// The plan of a query or `explain` (nil for other statements).
    public let plan: Plan?
}

/// Where a statement came from, for `file:line:col` in messages.
public struct StatementOrigin: Sendable {
    public var fileName: String
    /// The whole text the statement is part of (a script), for the caret line.
    public var source: String
    /// Where the statement starts in `source`.
    public var position: SourcePosition
    public init(fileName: String, source: String, position: SourcePosition) {
        self.fileName = fileName
        self.source = source
        self.position = position
    }
}

/// What statements see of a session and change: variables, default tasks, settings.
struct StatementState: Sendable {
    var settings: SessionSettings
    var variables: [String: Variable] = [:]
    /// Variables given with `-D`: a script's own `let` of one is only its default.
    var pinned: Set<String> = []
    var defaultTasks: [String]

    var checkContext: CheckContext {
        CheckContext(
            variables: variables, timeZone: settings.timeZone, now: Date(), defaultTasks: defaultTasks,
            format: settings.format)
    }

    var planSettings: PlanSettings {
        PlanSettings(settings.value)
    }

    /// Parses, checks and plans one statement; errors are rendered with the caret (exit 2),
    /// every error the checker finds in the statement, not only the first.
    func prepare(_ text: String, origin: StatementOrigin?) throws(CallqError) -> PreparedStatement {
        let statement: CheckedStatement
        do { statement = try Checker.check(text, context: checkContext) } catch {
            let all = Checker.diagnostics(text, context: checkContext)
            throw CallqError(.usage, (all.isEmpty ? [error] : all).map { StatementState.render($0, text, origin) }.joined())
        }
        do {
            var plan: Plan?
            if case .query(let q) = statement { plan = try Planner.plan(q, settings: planSettings) }
            if case .explain(let q) = statement { plan = try Planner.plan(q, settings: planSettings) }
            if case .watch(_, let q) = statement { plan = try Planner.plan(q, settings: planSettings) }
            return PreparedStatement(text: text, origin: origin, statement: statement, plan: plan)
        } catch {
            throw CallqError(.usage, StatementState.render(error, text, origin))
        }
    }

    /// The effect of a statement on later ones (`use task`, `let`, `set`); nothing for the others.
    mutating func apply(_ statement: CheckedStatement) {
        switch statement {
        case .useTask(let ids): defaultTasks = ids
        case .letVariable(let name, let value): if !pinned.contains(name) { variables[name] = value }
        case .set(let key, let value): settings.apply(key, value)
        case .query, .explain, .ping, .help, .sync, .mirrors, .watch: break
        }
    }

    /// Renders a diagnostic against the statement or, in a script, the whole file.
    static func render(_ d: Diagnostic, _ text: String, _ origin: StatementOrigin?) -> String {
        guard let origin else { return d.render(source: text) }
        return d.shifted(by: origin.position).render(source: origin.source, fileName: origin.fileName)
    }

    /// Prepares every statement of a script in order, applying effects as a run would: the
    /// statements that check, and every error rendered (not just the first).
    func prepareScript(_ text: String, fileName: String) -> (statements: [PreparedStatement], errors: [String]) {
        var state = self
        return state.prepareScriptApplying(text, fileName: fileName)
    }

    /// The errors of several scripts run one after another (`-c … -f b.cq -c …`): each
    /// is checked in the state the ones before it leave (`use`, `let`, `set` applied).
    func checkScripts(_ scripts: [(text: String, fileName: String)]) -> [String] {
        var state = self
        return scripts.flatMap { state.prepareScriptApplying($0.text, fileName: $0.fileName).errors }
    }

    private mutating func prepareScriptApplying(_ text: String, fileName: String)
        -> (statements: [PreparedStatement], errors: [String])
    {
        var state = self
        defer { self = state }
        var prepared: [PreparedStatement] = []
        var errors: [String] = []
        for s in ScriptSplitter.split(text) {
            let origin = StatementOrigin(fileName: fileName, source: text, position: s.origin)
            do {
                let p = try state.prepare(s.text, origin: origin)
                state.apply(p.statement)
                prepared.append(p)
            } catch {
                errors.append(error.message)
            }
        }
        return (prepared, errors)
    }
}

extension Diagnostic {
    /// The same diagnostic with its position moved from statement-relative to
    /// script-relative coordinates.
    func shifted(by origin: SourcePosition) -> Diagnostic {
        func move(_ p: SourcePosition) -> SourcePosition {
            guard p.line > 0 else { return p }
            return SourcePosition(
                offset: p.offset + origin.offset, line: p.line + origin.line - 1,
                column: p.line == 1 ? p.column + origin.column - 1 : p.column)
        }
        var d = self
        d.range = SourceRange(move(range.start), move(range.end))
        // A position the message names at its end ("to close the `(` at 1:32") moves too.
        // (Kept in the text, not a field: a larger Diagnostic would enlarge every frame of
        // the parser's recursion.)
        if let (head, line, column) = Self.trailingPosition(message) {
            let m = move(SourcePosition(offset: 0, line: line, column: column))
            d.message = head + " at \(m.line):\(m.column)"
        }
        return d
    }

    /// A message that ends with " at LINE:COLUMN", split there (no regular expression: Foundation's
    /// costs a few milliseconds to start, on every error a script reports).
    static func trailingPosition(_ message: String) -> (head: String, line: Int, column: Int)? {
        guard let at = message.range(of: " at ", options: .backwards) else { return nil }
        let tail = message[at.upperBound...].split(separator: ":", omittingEmptySubsequences: false)
        guard tail.count == 2,
            tail.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
            let line = Int(tail[0]), let column = Int(tail[1])
        else { return nil }
        return (String(message[..<at.lowerBound]), line, column)
    }
}
