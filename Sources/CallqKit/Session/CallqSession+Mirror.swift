// The local mirror from a session (SPEC §10): `sync` brings tasks' mirrors up
// to date and prints one line per task, `mirrors` lists what is mirrored,
// `orders from mirror` first checks the tasks were synced (and syncs under
// `auto_sync`), and `explain` says what the mirror holds and what it would sync.
import CallbotClient
import CallqEngine
import CallqMirror
import CallqOutput
import CallqPlanner
import Foundation

extension CallqSession {
    /// The mirror database (opened on first use) and the key of the account on this server whose
    /// orders it reads (`UUID@BASEURL`: a mirror belongs to one server). A mirror an older callq made
    /// (keyed by the uuid alone) is adopted by the first server that opens it. `replaceDamaged`
    /// (`sync full`): a damaged file is moved aside and a new mirror started.
    func mirror(replaceDamaged: Bool = false) throws(CallqError) -> (MirrorStore, String) {
        guard let uuid = connection.credentials?.uuid else {
            throw CallqError(
                .runtime, "the mirror keeps orders per account: give the account's uuid (--uuid, CALLQ_UUID or config.toml)")
        }
        let account = MirrorKey.account(uuid, server: connection.baseURL)
        if let mirrorStore { return (mirrorStore, account) }
        do {
            let store = try MirrorStore(path: mirrorPath, replaceDamaged: replaceDamaged)
            try store.adoptUnkeyedTasks(uuid: uuid, key: account)
            mirrorStore = store
            return (store, account)
        } catch let e as MirrorError {
            throw CallqError(.runtime, e.description)
        } catch {
            throw CallqError(.runtime, "cannot open the mirror \(mirrorPath): \(error)")
        }
    }

    /// `sync [task …] [full]`: one report line per task on the output, the steps on stderr with `--verbose`.
    func sync(tasks: [String], full: Bool, named: Bool = false) async throws {
        let (store, account) = try mirror(replaceDamaged: full)
        for task in tasks {
            let report = try await syncTask(task, full: full, store: store, account: account, named: named)
            try writeText(report.line)
        }
        remember(tasks: tasks)
    }

    /// One task's sync; `named`: the statement named its tasks (`sync task 'ID' full` may then drop attempts).
    func syncTask(_ task: String, full: Bool, store: MirrorStore, account: String, named: Bool = false) async throws -> SyncReport
    {
        let progress = output.progressAllowed && settings.progress ? ProgressLine(enabled: true) : nil
        defer { progress?.finish() }
        let verbose = self.verbose
        let warn = self.warn
        let log: @Sendable (String) -> Void = { line in if verbose { warn(line) } }
        var onPage: (@Sendable (Int, Int) -> Void)?
        if let progress {
            onPage = { pages, rows in progress.update(pagesDone: pages, pagesTotal: nil, rows: rows) }
        }
        let client = try apiClient()
        var sync = MirrorSync(
            store: store, client: client, account: account, pageSize: settings.pageSize,
            concurrency: settings.concurrency, log: log, progress: onPage)
        if settings.syncCalls { sync.callsBatch = settings.detailBatch }
        sync.detailBatch = settings.detailBatch
        sync.mayDropCalls = named && full && !settings.syncCalls
        return try await sync.run(task: task, full: full)
    }

    /// Before `from mirror`: every task must have been synced; under `auto_sync`, a stale one is synced now.
    /// For `calls from mirror` (`calls`) the task's last sync must have kept its attempts.
    func prepareMirror(_ tasks: [String], store: MirrorStore, account: String, calls: Bool = false) async throws {
        for task in tasks {
            let info = try store.taskInfo(account: account, task: task)
            if info == nil && settings.autoSync == 0 {
                throw CallqError(
                    .runtime,
                    "task \(task) has no mirror yet: run `sync task '\(task)'` first "
                        + "(or `set auto_sync = 1h` to sync on first use)")
            }
            let age = Date().timeIntervalSince1970 - Double(info?.syncedAt ?? 0)
            if settings.autoSync > 0 && (info == nil || age > settings.autoSync) {
                let report = try await syncTask(task, full: false, store: store, account: account)
                warn("auto_sync: " + report.line)
            }
            if calls, try !store.keepsCalls(account: account, task: task) {
                throw CallqError(
                    .runtime,
                    "task \(task)'s mirror holds no call attempts: run `set sync_calls = on`, "
                        + "then `sync task '\(task)'`")
            }
        }
    }

    /// `mirrors`: the mirrored tasks with their orders, unfinished orders, last sync and size.
    func listMirrors(started: ContinuousClock.Instant) async throws {
        let (store, account) = try mirror()
        let infos = try store.tasks(account: account)
        let columns = [
            Column("task", .text), Column("orders", .integer), Column("unfinished", .integer),
            Column("synced", .time), Column("kind", .text), Column("requests", .integer), Column("bytes", .integer),
            Column("server", .text)
        ]
        let server = MirrorKey.server(of: account) ?? connection.baseURL
        let rows = infos.map { i in
            OutputRow([
                .string(i.task), .int(i.orders), .int(i.unfinished), .int(i.syncedAt), .string(i.kind),
                .int(i.requests), .int(i.bytes ?? 0), .string(server)
            ])
        }
        let target =
            redirect.map { OutputTarget(sink: $0, isTerminal: false, terminalWidth: nil, progressAllowed: false) } ?? output
        let format = ResultOutput(format: FormatChoice(clause: nil, into: nil, setting: settings.format)).format(
            terminal: target.isTerminal)
        var writer = makeWriter(
            OutputOptions(
                format: format, timeZone: settings.timeZone, terminalWidth: target.terminalWidth,
                footer: format == .table, noun: "mirrors"), sink: target.sink)
        try writer.begin(columns: columns)
        for r in rows { try writer.write(r) }
        try writer.finish(OutputSummary(rows: rows.count, requests: 0, seconds: (ContinuousClock.now - started).inSeconds))
        try target.sink.flush()
        if infos.isEmpty {
            warn("no task of this account on \(server) is mirrored yet (file \(store.path)): run `sync task 'ID'`")
        }
    }

    /// The plan as `explain` prints it; for `from mirror` also what the mirror holds and would sync.
    func explainText(_ plan: Plan) throws -> String {
        var text = plan.explain()
        guard let scan = plan.mirror else { return text }
        let (store, account) = try mirror()
        text += "mirror: \(store.path)\n"
        for task in scan.tasks {
            guard let i = try store.taskInfo(account: account, task: task) else {
                text +=
                    "  task '\(task)': never synced"
                    + (settings.autoSync > 0
                        ? "; auto_sync would first read every page (a full sync)\n" : "; run `sync task '\(task)'`\n")
                continue
            }
            let when = Date(timeIntervalSince1970: TimeInterval(i.syncedAt))
            let age = Date().timeIntervalSince(when)
            text +=
                "  task '\(task)': \(i.orders) orders (\(i.unfinished) unfinished), last synced "
                + ISO8601DateFormatter().string(from: when) + " (\(i.kind), \(i.requests) requests)\n"
            if settings.autoSync > 0 && age > settings.autoSync {
                let size = settings.pageSize
                let pages = max(1, (i.unfinished + size - 1) / size)
                let byID = (i.unfinished + size - 1) / size
                let finished = (i.orders - i.unfinished + size - 1) / size
                text +=
                    "  auto_sync: older than \(SettingValueText.seconds(settings.autoSync)); would sync first, incremental: "
                    + "\(pages + 1) to \(pages + 1 + byID) requests (\(i.unfinished) unfinished ÷ page size \(size) = \(pages) "
                    + "page\(pages == 1 ? "" : "s"), + the first page with the count of orders, + by id the orders that finished since: "
                    + "up to \(byID)); if orders finished unseen, a few more for the newest finished pages, and "
                    + "\(finished) more to re-read the finished orders if they do not account for them or finished orders were deleted\n"
            } else {
                text += "  auto_sync: " + (settings.autoSync > 0 ? "the last sync is recent enough; no sync\n" : "off; no sync\n")
            }
        }
        return text
    }
}

/// Settings values as `.show` prints them.
enum SettingValueText {
    static func seconds(_ s: Double) -> String {
        let n = Int(s)
        if n % 86400 == 0 { return "\(n / 86400)d" }
        if n % 3600 == 0 { return "\(n / 3600)h" }
        if n % 60 == 0 { return "\(n / 60)m" }
        return "\(n)s"
    }
}
