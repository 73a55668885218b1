// The local mirror against the simulator over loopback (SPEC §10): after every
// kind of sync, `orders from mirror` equals a full API scan of the then-quiet
// simulator, order for order and byte for byte, and each sync costs the requests
// the algorithm promises. Also: the file's mode and contents, the lock between
// processes, cancellation, and local pushdown proven against a local evaluation.
import CallbotAPI
import CallbotSimulator
import CallqJSON
import CallqKit
import CallqSemantics
import Foundation
import Testing

@Suite(.serialized) struct MirrorTests {
    /// A quiet simulator (the campaign frozen) with one running task.
    static func start(
        orders: Int = 1000, campaign: CampaignSettings = CampaignSettings(rate: 1),
        paths: CallqPaths = Harness.scratchPaths()
    ) async throws -> Harness {
        let h = try await Harness.start(seed: 21, tasks: 1, orders: orders, campaign: campaign, paths: paths)
        h.sim.freezeCampaign()
        return h
    }

    /// `sync` and its report line, and the simulator's listOrder requests it made.
    static func sync(_ h: Harness, _ statement: String = "sync") async throws -> (line: String, requests: Int) {
        h.sim.resetStats()
        _ = h.takeOutput()
        try await h.session.execute(statement)
        return (h.takeOutput().trimmingCharacters(in: .newlines), h.sim.stats.count("listOrder"))
    }

    /// The mirror and a full API scan, each as its NDJSON lines (orders exactly as sent).
    static func expectMirrorEqualsScan(_ h: Harness, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await h.session.execute("orders from mirror")
        let mirror = h.takeOutput()
        try await h.session.execute("orders")
        let scan = h.takeOutput()
        let m = mirror.split(separator: "\n").count, s = scan.split(separator: "\n").count
        #expect(mirror == scan, "mirror and scan differ: \(m) vs \(s) lines", sourceLocation: sourceLocation)
    }

    static func unfinished(_ h: Harness) -> Int {
        h.firstTask.orders.filter { $0.finish != true }.count
    }

    @Test func firstSyncReadsEveryPageThenAnUnchangedTaskCostsUnfinishedPagesPlusOne() async throws {
        let h = try await Self.start()
        defer { Task { await h.stop() } }
        let first = try await Self.sync(h)
        #expect(first.requests == 10)
        #expect(first.line.hasPrefix("\(h.firstTask.userTaskID): 1,000 orders ("), "\(first.line)")
        #expect(first.line.contains("; full, 10 requests, "))
        try await Self.expectMirrorEqualsScan(h)

        let again = try await Self.sync(h)
        let u = Self.unfinished(h)
        // Step 1 reads the unfinished pages (at least one), step 2 counts, step 3 asks nothing.
        #expect(again.requests == max(1, (u + 99) / 100) + 1, "\(again.line)")
        #expect(again.requests <= u / 100 + 2)
        #expect(
            again.line.contains(
                "(\(u) unfinished): 0 new, 0 finished, 0 changed, 0 gone; incremental, \(again.requests) requests"),
            "\(again.line)")
        try await Self.expectMirrorEqualsScan(h)
    }

    @Test func changesBetweenSyncsAreCaughtIncrementally() async throws {
        let h = try await Self.start()
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        let changes = h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: 7, arrive: 5)
        #expect(changes.finished.count == 7 && changes.arrived.count == 5)
        let s = try await Self.sync(h)
        let u = Self.unfinished(h)
        // Unfinished pages + the count + one by-id request for the 7 that finished.
        #expect(s.requests == max(1, (u + 99) / 100) + 1 + 1, "\(s.line)")
        #expect(s.line.contains("; incremental,"), "\(s.line)")
        try await Self.expectMirrorEqualsScan(h)
    }

    @Test func aFinishedCampaignCostsTwoRequests() async throws {
        let h = try await Self.start(orders: 600)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        let open = Self.unfinished(h)
        h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: open)
        #expect(Self.unfinished(h) == 0)
        let finishing = try await Self.sync(h)
        #expect(finishing.requests == 1 + 1 + (open + 99) / 100, "\(finishing.line)")
        try await Self.expectMirrorEqualsScan(h)
        let done = try await Self.sync(h)
        #expect(done.requests == 2, "\(done.line)")
        #expect(
            done.line.contains("(0 unfinished): 0 new, 0 finished, 0 changed, 0 gone; incremental, 2 requests"), "\(done.line)")
        try await Self.expectMirrorEqualsScan(h)
    }

    @Test func deletedFinishedOrdersMakeTheSyncReReadTheFinished() async throws {
        let h = try await Self.start(orders: 800)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        h.sim.advanceCampaign(task: h.firstTask.userTaskID, delete: 4)
        let s = try await Self.sync(h)
        let u = Self.unfinished(h)
        let f = h.firstTask.orders.count - u
        #expect(s.line.contains("incremental + finished re-read"), "\(s.line)")
        // Unfinished pages, the first page, the finished pages, the 4 not re-read asked by id.
        #expect(s.requests == max(1, (u + 99) / 100) + 1 + (f + 99) / 100 + 1, "\(s.line)")
        try await Self.expectMirrorEqualsScan(h)
        #expect(s.line.hasPrefix("\(h.firstTask.userTaskID): 796 orders"))
    }

    /// While the campaign runs during the syncs, each sync holds every order that existed
    /// throughout it exactly once; a sync of the then-quiet task equals a full scan again.
    @Test func aRunningCampaignThenAQuietOne() async throws {
        let h = try await Self.start(orders: 700, campaign: CampaignSettings(rate: 0.7, deletes: true))
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        h.sim.resumeCampaign()
        for _ in 0..<3 {
            let before = Set(h.firstTask.orders.compactMap(\.orderID))
            _ = try await Self.sync(h)
            let after = Set(h.firstTask.orders.compactMap(\.orderID))
            let ids = try await h.orderIDs("orders from mirror")
            #expect(ids.count == Set(ids).count, "a mirrored order twice")
            #expect(before.intersection(after).isSubset(of: Set(ids)), "an order that existed throughout is missing")
        }
        h.sim.freezeCampaign()
        _ = try await Self.sync(h)
        try await Self.expectMirrorEqualsScan(h)
    }

    @Test func queriesOnTheMirrorSendNoRequest() async throws {
        let h = try await Self.start(orders: 300)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        h.sim.resetStats()
        try await h.session.execute("orders from mirror where status = completed and name like '%a%' count")
        try await h.session.execute("orders from mirror count by status")
        try await h.session.execute("orders from mirror where duration > 30 select id, duration order by duration desc limit 3")
        #expect(h.sim.stats.requests == 0)
        let mirrored = h.takeOutput()
        h.sim.resetStats()
        try await h.session.execute("orders where status = completed and name like '%a%' count")
        try await h.session.execute("orders count by status")
        try await h.session.execute("orders where duration > 30 select id, duration order by duration desc limit 3")
        #expect(h.takeOutput() == mirrored)
    }

    @Test func aTaskNeverSyncedSaysSync() async throws {
        let h = try await Self.start(orders: 10)
        defer { Task { await h.stop() } }
        do {
            try await h.session.execute("orders from mirror count")
            Issue.record("no error")
        } catch {
            #expect(error.exitStatus == 1)
            #expect(error.message.contains("has no mirror yet: run `sync task '\(h.firstTask.userTaskID)'`"))
        }
        // Under auto_sync the first use syncs.
        try await h.session.execute("set auto_sync = 1h")
        try await h.session.execute("orders from mirror count")
        #expect(h.takeOutput() == "{\"count\":10}\n")
    }

    @Test func theFileIsPrivateAndHoldsNoSecret() async throws {
        let h = try await Self.start(orders: 50)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        let path = await h.session.mirrorPath
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            let mode = try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path + suffix) has mode \(String(mode ?? 0, radix: 8))")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path + suffix))
            #expect(bytes.range(of: Data(h.sim.credentials.secretKey.utf8)) == nil, "the secret is in \(path + suffix)")
        }
    }

    /// docs/MIRROR.md documents every column of the tables users query.
    @Test func theDocsDescribeEveryColumn() async throws {
        let h = try await Self.start(orders: 5)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        let docs = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../docs/MIRROR.md").standardized, encoding: .utf8)
        let path = await h.session.mirrorPath
        for table in ["mirror_order", "mirror_task", "mirror_task_key"] {
            let p = Process()
            let out = Pipe()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [
                "python3", "-c",
                "import sqlite3,sys; [print(r[1]) for r in sqlite3.connect(sys.argv[1]).execute('PRAGMA table_info(' + sys.argv[2] + ')')]",
                path, table
            ]
            p.standardOutput = out
            try p.run()
            p.waitUntilExit()
            let columns = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
            #expect(!columns.isEmpty)
            for c in columns { #expect(docs.contains("`\(c)`"), "docs/MIRROR.md does not describe \(table).\(c)") }
        }
    }

    @Test func anotherLiveSyncOfTheTaskIsReported() async throws {
        let h = try await Self.start(orders: 30)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        // Pretend a live process (our parent) holds the task's sync.
        let parent = Int(getppid())
        let key = try MirrorTestDatabase.text(await h.session.mirrorPath, "SELECT account FROM mirror_task")
        try MirrorTestDatabase.execute(
            await h.session.mirrorPath,
            """
            INSERT OR REPLACE INTO mirror_lock (account, task, sync_id, pid, started, pid_started, host)
            VALUES ('\(key)', '\(h.firstTask.userTaskID)', 'other', \(parent), \(Int(Date().timeIntervalSince1970)),
                    \(try #require(Self.startTicks(parent))), '\(Self.hostName)')
            """)
        do {
            try await h.session.execute("sync")
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("another callq (pid \(getppid())) has been syncing task"), "\(error.message)")
        }
        // A lock of a process that no longer exists is taken over.
        try MirrorTestDatabase.execute(await h.session.mirrorPath, "UPDATE mirror_lock SET pid = 999999999")
        let s = try await Self.sync(h)
        #expect(s.line.contains("incremental"))
    }

    /// #27-8: a lock whose pid now belongs to another process (pid 1 here: it exists, and is
    /// not the callq that locked) is taken over, as is a lock of an older callq held by pid 1.
    @Test func aLockWhosePidWasReusedIsTakenOver() async throws {
        let h = try await Self.start(orders: 30)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        let path = await h.session.mirrorPath
        let key = try MirrorTestDatabase.text(path, "SELECT account FROM mirror_task")
        let now = Int(Date().timeIntervalSince1970)
        let pid1 = try #require(Self.startTicks(1))
        for (started, host) in [("\(pid1 + 1)", "'\(Self.hostName)'"), ("NULL", "NULL")] {
            try MirrorTestDatabase.execute(
                path,
                """
                INSERT OR REPLACE INTO mirror_lock (account, task, sync_id, pid, started, pid_started, host)
                VALUES ('\(key)', '\(h.firstTask.userTaskID)', 'other', 1, \(now), \(started), \(host))
                """)
            let s = try await Self.sync(h)
            #expect(s.line.contains("incremental"), "\(s.line)")
            #expect(try MirrorTestDatabase.scalar(path, "SELECT COUNT(*) FROM mirror_lock") == 0)
        }
    }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, 255)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Field 22 of /proc/PID/stat: when the process started, in clock ticks after boot.
    static func startTicks(_ pid: Int) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count >= 20 ? Int(fields[19]) : nil
    }

    @Test func cancellingASyncLeavesThePreviousMirrorWhole() async throws {
        let h = try await Harness.start(seed: 21, tasks: 1, orders: 2000, faults: Faults(latencyMs: 40))
        defer { Task { await h.stop() } }
        try await h.session.execute("set concurrency = 1")
        _ = try await Self.sync(h, "sync")
        try await h.session.execute("orders from mirror")
        let before = h.takeOutput()
        let session = h.session
        let full = Task { try await session.execute("sync full") }
        try await Task.sleep(for: .milliseconds(300))
        full.cancel()
        _ = await full.result
        try await h.session.execute("orders from mirror")
        #expect(h.takeOutput() == before)
        let rows = try MirrorTestDatabase.scalar(await h.session.mirrorPath, "SELECT COUNT(*) FROM mirror_stage")
        #expect(rows == 0, "staged orders of the cancelled sync are left behind")
        let locks = try MirrorTestDatabase.scalar(await h.session.mirrorPath, "SELECT COUNT(*) FROM mirror_lock")
        #expect(locks == 0)
    }

    /// Local pushdown is exact: for random filters, the mirror's rows (SQL WHERE, then the residual)
    /// are the orders a local evaluation of the whole filter selects.
    @Test func likeOnTheNameIsAnsweredInSQLAlsoInAMirrorMadeBeforeItsColumn() async throws {
        let paths = Harness.scratchPaths()
        let first = try await Self.start(orders: 300, paths: paths)
        _ = try await Self.sync(first)
        let path = await first.session.mirrorPath
        await first.stop()
        // Back to a v3 mirror (no name column), with names the evaluator reads oddly.
        try MirrorTestDatabase.downgradeToV6(path)
        let nth = { (k: Int) in "order_id = (SELECT order_id FROM mirror_order ORDER BY position LIMIT 1 OFFSET \(k))" }
        for sql in [
            "DROP INDEX mirror_order_name_key", "ALTER TABLE mirror_order DROP COLUMN name_key",
            "DELETE FROM grdb_migrations WHERE identifier LIKE 'v4%'",
            "UPDATE mirror_order SET json = json_set(json, '$.userName', 'Jose' || char(769) || ' Ærø') WHERE \(nth(0))",
            "UPDATE mirror_order SET json = json_set(json, '$.userName', 12345) WHERE \(nth(1))",
            "UPDATE mirror_order SET json = json_set(json, '$.userName', 'ÉMILE ANN') WHERE \(nth(2))",
            "UPDATE mirror_order SET json = json_set(json, '$.userName', json('[\"ann\"]')) WHERE \(nth(3))",
            "UPDATE mirror_order SET json = json_remove(json, '$.userName') WHERE \(nth(4))",
            // Keyed by the bare uuid, as an older callq kept it: the next simulator (another
            // port, so another server) adopts it.
            "UPDATE mirror_order SET account = '\(first.sim.credentials.uuid)'",
            "UPDATE mirror_task SET account = '\(first.sim.credentials.uuid)'"
        ] {
            try MirrorTestDatabase.execute(path, sql)
        }
        let h = try await Self.start(orders: 300, paths: paths)
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        try await h.session.execute("orders from mirror")
        let all = h.takeOutput().split(separator: "\n").map(String.init)
        #expect(all.count == 300)
        for pattern in ["%a%", "%josé%", "jose_ %", "émile%", "123%", "%ANN", "_%", "%", "%\\%%"] {
            let query = "orders from mirror where name like '\(pattern)'"
            guard case .query(let q) = try Checker.check(query, context: CheckContext(defaultTasks: ["t"])) else {
                Issue.record("\(query) is not a query"); continue
            }
            let expected = try all.filter { q.filter?.evaluate(try JSONParser.parse(Array($0.utf8))) ?? true }
            try await h.session.execute(query)
            let got = h.takeOutput().split(separator: "\n").map(String.init)
            #expect(got == expected, "\(query): \(got.count) rows, expected \(expected.count)")
            try await h.session.execute(query + " count")
            #expect(h.takeOutput().contains("\"count\":\(expected.count)}"), "\(query) count")
            let plan = try await h.session.explain(query + " count")
            #expect(plan.mirror?.condition == "(callq_like(name_key, ?))" && plan.residual == nil, "\(query)")
            #expect(
                plan.explain().contains(
                    "sql: SELECT count(*) FROM mirror_order INDEXED BY mirror_order_columns WHERE task_key = ? AND (callq_like(name_key, ?))  -- "
                )
                    && plan.explain().contains("count: pushed (the sql above"), "\(plan.explain())")
        }
        #expect(h.sim.stats.requests == 0)
        // Spot checks of the odd names: decomposed and precomposed accents match, a number is
        // read as its text, a list is not a name.
        try await h.session.execute("orders from mirror where name like '%josé ærø' count")
        #expect(h.takeOutput().contains("\"count\":1}"))
        try await h.session.execute("orders from mirror where name like '12345' count")
        #expect(h.takeOutput().contains("\"count\":1}"))
    }

    @Test func mirrorPushdownEqualsLocalEvaluation() async throws {
        let h = try await Self.start(orders: 400)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        let orders = h.firstTask.orders
        var gen = QueryGenerator(orders: orders, seed: 77)
        var failures: [String] = []
        var pushedSomething = 0
        for k in 0..<400 {
            // Half of them start with a conjunct the mirror's indexed columns answer.
            let lead = [
                "status in (completed, busy)", "duration between 10 and 90", "finish = true",
                "started > '2024-11-25'", "(status = busy or duration >= 60)", "name like '%a%'",
                "(name like '_a%' or duration < 20)"
            ][k % 7]
            let e = k % 2 == 0 ? "\(lead) and (\(gen.expr(depth: 0)))" : gen.expr(depth: 0)
            guard
                case .query(let q) = try Checker.check(
                    "orders from mirror where " + e, context: CheckContext(defaultTasks: ["t"]))
            else { continue }
            let expected = orders.filter { q.filter?.evaluate($0.json) ?? true }.compactMap(\.orderID)
            let got = try await h.orderIDs("orders from mirror where " + e)
            if try await h.session.explain("orders from mirror where " + e).mirror?.condition != nil { pushedSomething += 1 }
            if got != expected {
                failures.append("\(e): expected \(expected.count), got \(got.count)")
                if failures.count > 5 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(pushedSomething > 250, "the generator should exercise SQL pushdown, got \(pushedSomething)")
    }
}

/// Direct access to a mirror file, as a user's sqlite3 would have.
enum MirrorTestDatabase {
    static func execute(_ path: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", path, sql
        ]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CancellationError() }
    }

    static func scalar(_ path: String, _ sql: String) throws -> Int {
        Int(try text(path, sql)) ?? -1
    }

    static func text(_ path: String, _ sql: String) throws -> String {
        let p = Process()
        let out = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])", path,
            sql
        ]
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
