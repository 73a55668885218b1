// Running one statement: check it, then do what it says — plan and run a query
// into the output target, print a plan, change settings, variables or tasks,
// list tasks, ping. Every failure becomes a CallqError with its exit status.
import CallbotAPI
import CallbotClient
import CallqEngine
import CallqJSON
import CallqOutput
import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation

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

extension CallqSession {
    /// Runs one statement, writing its results to the output target.
    public func execute(_ text: String, origin: StatementOrigin? = nil) async throws(CallqError) {
        let started = ContinuousClock.now
        let statement: CheckedStatement
        do { statement = try check(text) } catch {
            throw CallqError(.usage, render(error, text, origin))
        }
        do {
            try await run(statement, text: text, origin: origin, started: started)
        } catch let e as CallqError {
            throw e
        } catch {
            throw CallqSession.classify(error, text: text, origin: origin, render: render)
        }
        if settings.timing {
            let d = ContinuousClock.now - started
            warn(String(format: "Time: %.3f s", d.inSeconds))
        }
    }

    /// Renders a diagnostic against the statement or, in a script, the whole file.
    nonisolated func render(_ d: Diagnostic, _ text: String, _ origin: StatementOrigin?) -> String {
        guard let origin else { return d.render(source: text) }
        return d.shifted(by: origin.position).render(source: origin.source, fileName: origin.fileName)
    }

    private func run(_ statement: CheckedStatement, text: String, origin: StatementOrigin?,
                     started: ContinuousClock.Instant) async throws {
        switch statement {
        case .query(let q):
            let plan: Plan
            do { plan = try Planner.plan(q, settings: planSettings) } catch {
                throw CallqError(.usage, render(error, text, origin))
            }
            if settings.explain { warn(plan.explain()) }
            try await runQuery(plan, started: started)
        case .explain(let q):
            let plan: Plan
            do { plan = try Planner.plan(q, settings: planSettings) } catch {
                throw CallqError(.usage, render(error, text, origin))
            }
            try writeText(plan.explain())
        case .useTask(let ids):
            defaultTasks = ids
            remember(tasks: ids)
        case .set(let name, let value):
            let v: String
            switch value {
            case .text(let s): v = s
            case .integer(let n): v = String(n)
            case .bool(let b): v = b ? "on" : "off"
            }
            try apply(setting: name, value: v)
        case .letVariable(let name, let value):
            variables[name] = value
        case .tasks(let tq):
            try await runTasks(tq, started: started)
        case .ping:
            let client = try apiClient()
            let t0 = ContinuousClock.now
            let reply = try await client.ping()
            let ms = Int((ContinuousClock.now - t0).inSeconds * 1000)
            try writeText("pong from \(connection.baseURL) in \(ms) ms\(reply.reqId.map { " (reqId \($0))" } ?? "")")
        case .help(let topic):
            try writeText(HelpText.text(for: topic))
        }
    }

    func writeText(_ text: String) throws {
        let sink = redirect ?? output.sink
        try sink.write(text.hasSuffix("\n") ? text : text + "\n")
        try sink.flush()
    }

    func executionContext(progress: ProgressLine?) throws(CallqError) -> (ExecutionContext, Bool) {
        let c: CallbotClient?
        var reason = "no API connection"
        do { c = try apiClient() } catch { c = nil; reason = error.message }
        let ctx = ExecutionContext(
            client: c, concurrency: settings.concurrency, maxPages: settings.maxPages,
            skipBadLines: settings.onBadLine == .skip, confirmLargeScan: confirmLargeScan,
            progress: progressReporter(progress),
            warn: warn, noClientReason: reason)
        return (ctx, c != nil)
    }

    nonisolated func progressReporter(_ line: ProgressLine?) -> (@Sendable (Int, Int?, Int) -> Void)? {
        guard let line else { return nil }
        return { (done: Int, total: Int?, rows: Int) in
            if let total, total > 1 { line.update(pagesDone: done, pagesTotal: total, rows: rows) }
        }
    }

    func runQuery(_ plan: Plan, started: ContinuousClock.Instant) async throws {
        let target = redirect.map { OutputTarget(sink: $0, isTerminal: false, terminalWidth: nil, progressAllowed: output.progressAllowed) } ?? output
        let progress = target.progressAllowed && settings.progress ? ProgressLine(enabled: true) : nil
        defer { progress?.finish() }
        let (context, _) = try executionContext(progress: progress)
        let spec = QuerySpec(plan: plan)
        if case .api(let tasks) = spec.source { remember(tasks: tasks.map(\.userTaskID)) }
        let run = QueryRun(spec: spec, context: context)
        let format = ResultPrinter.format(clause: plan.query.format.flatMap { OutputFormat(rawValue: $0.lowercased()) },
                                          into: plan.query.into, setting: settings.format, terminal: target.isTerminal)
        _ = try await ResultPrinter.print(run, format: format, into: plan.query.into, target: target,
                                          timeZone: settings.timeZone, noun: spec.noun, started: started)
    }

    /// Maps any error to a CallqError with the right exit status.
    nonisolated static func classify(_ error: any Error, text: String, origin: StatementOrigin?,
                                     render: (Diagnostic, String, StatementOrigin?) -> String) -> CallqError {
        switch error {
        case let e as CallqError: return e
        case let d as Diagnostic: return CallqError(.usage, render(d, text, origin))
        case let e as SettingError: return CallqError(.usage, e.description)
        case is CancellationError: return CallqError(.interrupted, "cancelled")
        case let e as CallbotError:
            return CallqError(Task.isCancelled ? .interrupted : .runtime, e.description)
        case OutputError.brokenPipe: return CallqError(.closedPipe, "")
        case let e as OutputError: return CallqError(.runtime, e.description)
        case let e as BadInputError: return CallqError(.runtime, e.description)
        case let e as PageBudgetError: return CallqError(.runtime, e.description)
        case let e as NoConnectionError: return CallqError(.runtime, e.description)
        default: return CallqError(.runtime, String(describing: error))
        }
    }
}

extension Diagnostic {
    /// The same diagnostic with its position moved from statement-relative to
    /// script-relative coordinates.
    func shifted(by origin: SourcePosition) -> Diagnostic {
        func move(_ p: SourcePosition) -> SourcePosition {
            guard p.line > 0 else { return p }
            return SourcePosition(offset: p.offset + origin.offset, line: p.line + origin.line - 1,
                                  column: p.line == 1 ? p.column + origin.column - 1 : p.column)
        }
        var d = self
        d.range = SourceRange(move(range.start), move(range.end))
        return d
    }
}
