// The statement pipeline's second half: a prepared statement is executed — a
// query's plan becomes a run written to the output target, `explain` prints the
// plan, `use`/`let`/`set` change the session state, `ping` and `help` answer.
// Every failure becomes a CallqError with its exit status.
import CallbotAPI
import CallbotClient
import CallqEngine
import CallqMirror
import CallqOutput
import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation

extension CallqSession {
    /// Prepares and runs one statement, writing its results to the output target.
    public func execute(_ text: String, origin: StatementOrigin? = nil) async throws(CallqError) {
        try await execute(try prepare(text, origin: origin))
    }

    /// Runs a prepared statement, writing its results to the output target.
    public func execute(_ prepared: PreparedStatement) async throws(CallqError) {
        let started = ContinuousClock.now
        do {
            try await run(prepared, started: started)
        } catch let e as CallqError {
            throw e
        } catch {
            // An SQLite failure reading the mirror (a damaged file) names the file and the way out.
            if let e = MirrorError.fromDatabase(error, path: mirrorPath) { throw CallqError(.runtime, e.description) }
            var failure = CallqSession.classify(error, text: prepared.text, origin: prepared.origin)
            if let hint = await unknownTaskHint(error, plan: prepared.plan) { failure.message += "\n  hint: " + hint }
            throw failure
        }
        if settings.timing {
            let d = ContinuousClock.now - started
            warn(String(format: "Time: %.3f s", d.inSeconds))
        }
    }

    private func run(_ prepared: PreparedStatement, started: ContinuousClock.Instant) async throws {
        switch prepared.statement {
        case .query:
            guard let plan = prepared.plan else { return }
            if settings.explain { warn(try explainText(plan)) }
            for w in plan.warnings { warn(w) }
            try await runQuery(plan, started: started)
        case .explain:
            guard let plan = prepared.plan else { return }
            try writeText(try explainText(plan))
        case .sync(let tasks, let full):
            try await sync(tasks: tasks, full: full, named: Self.namesTasks(prepared.text))
        case .mirrors:
            try await listMirrors(started: started)
        case .useTask(let ids):
            state.apply(prepared.statement)
            remember(tasks: ids)
        case .set, .letVariable:
            state.apply(prepared.statement)
        case .ping:
            let client = try apiClient()
            let t0 = ContinuousClock.now
            let reply = try await client.ping()
            let ms = Int((ContinuousClock.now - t0).inSeconds * 1000)
            try writeText("pong from \(connection.baseURL) in \(ms) ms\(reply.reqId.map { " (reqId \($0))" } ?? "")")
        case .help(let topic):
            try writeText(HelpText.text(for: topic))
        case .watch(let spec, _):
            try await watch(spec, first: prepared)
        }
    }

    func writeText(_ text: String) throws {
        let sink = redirect ?? output.sink
        try sink.write(text.hasSuffix("\n") ? text : text + "\n")
        try sink.flush()
    }

    func executionContext(progress: ProgressLine?) -> ExecutionContext {
        let c: CallbotClient?
        var reason = "no API connection"
        do { c = try apiClient() } catch { c = nil; reason = error.message }
        var context = ExecutionContext(
            client: c, concurrency: settings.concurrency,
            skipBadLines: settings.onBadLine == .skip, maxLineBytes: settings.maxLine << 20,
            confirmLargeScan: confirmLargeScan,
            progress: progressReporter(progress),
            warn: warn, stdinDescriptor: standardInput, noClientReason: reason)
        context.regexTimeLimit = settings.regexTimeout
        return context
    }

    /// The context a plan runs in: the client, and for `from mirror` the mirror, its tasks checked
    /// (and synced first under `auto_sync`).
    func executionContext(for plan: Plan) async throws -> ExecutionContext {
        var context = executionContext(progress: nil)
        if let scan = plan.mirror {
            let (store, account) = try mirror()
            try await prepareMirror(scan.tasks, store: store, account: account, calls: plan.readsAttempts)
            context.mirror = (store, account)
        }
        return context
    }

    nonisolated func progressReporter(_ line: ProgressLine?) -> (@Sendable (Int, Int?, Int) -> Void)? {
        guard let line else { return nil }
        return { (done: Int, total: Int?, rows: Int) in
            if let total, total > 1 { line.update(pagesDone: done, pagesTotal: total, rows: rows) }
        }
    }

    func runQuery(_ plan: Plan, started: ContinuousClock.Instant) async throws {
        let target =
            redirect.map {
                OutputTarget(sink: $0, isTerminal: false, terminalWidth: nil, progressAllowed: output.progressAllowed)
            } ?? output
        var context = try await executionContext(for: plan)
        let counted: ProgressLine.Counted = plan.collects ? .read(plan.readsAttempts ? "call" : "order") : .rows
        let progress = target.progressAllowed && settings.progress ? ProgressLine(enabled: true, counting: counted) : nil
        defer { progress?.finish() }
        context.progress = progressReporter(progress)
        remember(tasks: plan.tasks.map(\.userTaskID))
        if plan.source == .stdin, isatty(standardInput) == 1 { warn("reading orders from the terminal, end with Ctrl-D") }
        // The only part of the output the plan leaves open: `auto` on this terminal.
        let format = plan.output.format(terminal: target.isTerminal)
        let run = QueryRun(plan: plan, context: context, delivery: .written(format))
        let stats = try await ResultPrinter.print(
            run, format: format, into: plan.into, target: target,
            timeZone: settings.timeZone, noun: plan.noun, started: started,
            screen: target.screen(
                pager: settings.pager,
                autoExpand: plan.output.format == .auto))
        if plan.source == .taskList { remember(tasks: stats.taskIDs) }
        if let path = plan.into, announcesExports {
            warn("\(stats.rows) \(stats.rows == 1 ? "row" : "rows") written to \(path)")
        }
    }

    /// Maps any error to a CallqError with the right exit status.
    nonisolated static func classify(_ error: any Error, text: String, origin: StatementOrigin?) -> CallqError {
        switch error {
        case let e as CallqError: return e
        case let e as SettingError: return CallqError(.usage, e.description)
        case is CancellationError: return CallqError(.interrupted, "cancelled")
        case let e as CallbotError:
            return CallqError(Task.isCancelled ? .interrupted : .runtime, e.description)
        case OutputError.brokenPipe: return CallqError(.closedPipe, "")
        case let e as OutputError: return CallqError(.runtime, e.description)
        case let e as BadInputError: return CallqError(.runtime, e.description)
        case let e as PageBudgetError: return CallqError(.runtime, e.description)
        case let e as NoConnectionError: return CallqError(.runtime, e.description)
        case let e as MirrorError: return CallqError(.runtime, e.description)
        default: return CallqError(.runtime, String(describing: error))
        }
    }
}

extension CallqSession {
    /// Whether a `sync` statement names its tasks (`sync task 'A' full`) rather than syncing the default ones.
    static func namesTasks(_ text: String) -> Bool {
        guard let statement = try? Parser.parse(text), case .sync(let tasks, _) = statement.kind else { return false }
        return !tasks.isEmpty
    }
}
