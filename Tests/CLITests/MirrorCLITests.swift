// The mirror as separate processes use it: a `callq sync` killed with SIGKILL in
// the middle leaves the previous mirror whole (SQLite's integrity check passes,
// the same rows come back), and the next sync takes over the dead process's lock.
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(2)))
struct MirrorCLITests {
    @Test func aSyncKilledMidwayLeavesThePreviousMirrorIntact() throws {
        let (sim, home, connection) = try SyncedTaskSetup.start("callq-mirror")
        defer { sim.stop() }
        let first = try callq(connection + ["-c", "sync"], home: home)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("demo-task: 3,000 orders"), "\(first.stdout)")
        let before = try callq(connection + ["-c", "orders from mirror"], home: home)
        #expect(before.stdout.split(separator: "\n").count == 3000)

        // A full sync at one request at a time takes about 30 × 40 ms; kill it halfway.
        let p = try SyncedTaskSetup.startSync("sync full", connection: connection, home: home)
        Thread.sleep(forTimeInterval: 0.6)
        #expect(p.isRunning, "the sync ended before it could be killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        let path = home + "/.cache/callq/mirror.sqlite3"
        let check = try callq(
            [],
            shell: """
                python3 -c "import sqlite3; c = sqlite3.connect('\(path)'); print(c.execute('PRAGMA integrity_check').fetchone()[0]); print(c.execute('SELECT COUNT(*) FROM mirror_order').fetchone()[0])"
                """, home: home)
        #expect(check.stdout == "ok\n3000\n", "\(check.stdout)\(check.stderr)")
        let after = try callq(connection + ["-c", "orders from mirror"], home: home)
        #expect(after.stdout == before.stdout)

        // The dead process's lock and staged orders do not stop the next sync.
        let next = try callq(connection + ["-c", "sync"], home: home)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("incremental"), "\(next.stdout)")
        let staged = try callq(
            [],
            shell: """
                python3 -c "import sqlite3; c = sqlite3.connect('\(path)'); print(c.execute('SELECT COUNT(*) FROM mirror_stage').fetchone()[0], c.execute('SELECT COUNT(*) FROM mirror_lock').fetchone()[0])"
                """, home: home)
        #expect(staged.stdout == "0 0\n", "\(staged.stdout)\(staged.stderr)")
    }

    /// A first sync stages its pages in a temporary table of its own connection: killed midway,
    /// it leaves no order in the file and a lock the next sync takes over.
    @Test func aFirstSyncKilledMidwayLeavesNothingTheNextSyncKeeps() throws {
        let (sim, home, connection) = try SyncedTaskSetup.start("callq-mirror")
        defer { sim.stop() }
        let path = home + "/.cache/callq/mirror.sqlite3"
        let count = """
            python3 -c "import sqlite3; c = sqlite3.connect('\(path)'); print(c.execute('SELECT COUNT(*) FROM mirror_order').fetchone()[0], c.execute('SELECT COUNT(*) FROM mirror_task_key').fetchone()[0], c.execute('SELECT COUNT(*) FROM mirror_lock').fetchone()[0])"
            """
        let p = try SyncedTaskSetup.startSync("sync", connection: connection, home: home)
        // Wait until the sync holds its lock, then a few pages more (30 pages one at a time take about 30 × 40 ms).
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, p.isRunning, (try? callq([], shell: count, home: home).stdout) != "0 0 1\n" { usleep(50_000) }
        usleep(300_000)
        try #require(p.isRunning, "the sync ended before it could be killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(try callq([], shell: count, home: home).stdout == "0 0 1\n")
        let query = try callq(connection + ["-c", "orders from mirror count"], home: home)
        #expect(query.status != 0 && query.stderr.contains("sync"), "\(query.stdout)\(query.stderr)")
        let next = try callq(connection + ["-c", "sync"], home: home)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.hasPrefix("demo-task: 3,000 orders (") && next.stdout.contains("full"), "\(next.stdout)")
        #expect(try callq([], shell: count, home: home).stdout == "3000 1 0\n")
        let all = try callq(connection + ["-c", "orders from mirror"], home: home)
        let api = try callq(connection + ["-c", "orders"], home: home)
        #expect(all.stdout == api.stdout && !all.stdout.isEmpty)
    }
}

/// A simulator of one 3,000-order task answering in 40 ms (a sync one request at a time takes
/// over a second), a fresh home folder and the flags that connect callq to the task.
enum SyncedTaskSetup {
    static func start(_ name: String) throws -> (SimProcess, String, [String]) {
        let sim = try SimProcess(["--tasks", "1", "--orders", "3000", "--latency", "40ms"])
        let home = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        } catch {
            sim.stop()
            throw error
        }
        let connection = [
            "--base-url", sim.baseURL, "--uuid", sim.uuid, "--secret-key", sim.secretKey,
            "--task", "demo-task", "--no-progress"
        ]
        return (sim, home, connection)
    }

    /// Starts `callq … -c STATEMENT` (a sync) one request at a time, output discarded, without waiting.
    static func startSync(_ statement: String, connection: [String], home: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: productsDirectory() + "/callq")
        p.arguments = connection + ["--concurrency", "1", "-c", statement]
        p.environment = ["HOME": home, "PATH": "/usr/bin:/bin", "TZ": "UTC", "LANG": "C.UTF-8"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }
}
