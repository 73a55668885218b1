// SIGTERM and SIGHUP to a real `callq` mid-query (#27-9): handled like Ctrl-C — the
// `.NAME.callq-PID-….tmp` beside an `into` target is removed, the file keeps its old
// contents — and the process ends with 143 (SIGTERM) or 129 (SIGHUP). A sync ended by
// SIGTERM leaves no lock and no staged rows behind, and the previous mirror whole.
import Foundation
import Testing

@Suite("SIGTERM and SIGHUP", .serialized)
struct TerminationSignalCLITests {
    @Test(
        "a signal mid-query removes the `into` temporary, keeps the old file and ends with 128 + signal",
        arguments: [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))])
    func signalMidQuery(signal: Int32, status: Int32) throws {
        let sim = try SimProcess(["--orders", "3000", "--latency", "300ms"])
        let dir = NSTemporaryDirectory() + "callq-term-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: dir + "/out.ndjson"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: productsDirectory() + "/callq")
        defer { sim.stop() }
        p.arguments = [
            "--base-url", sim.baseURL, "--uuid", sim.uuid, "--secret-key", sim.secretKey,
            "--task", "demo-task", "--concurrency", "1", "--no-progress", "-c",
            "orders into '\(dir)/out.ndjson'"
        ]
        p.environment = ["HOME": dir, "PATH": "/usr/bin:/bin", "TZ": "UTC"]
        let err = Pipe()
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Wait until the temporary exists (the query is writing), then signal.
        let deadline = Date().addingTimeInterval(20)
        var temporaries: [String] = []
        while Date() < deadline {
            temporaries = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }
            if !temporaries.isEmpty { break }
            usleep(20_000)
        }
        try #require(!temporaries.isEmpty, "no temporary file appeared")
        usleep(400_000)  // a page or two into the scan
        let sent = Date()
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 3)
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == status)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.ndjson"])
        #expect(try String(contentsOfFile: dir + "/out.ndjson", encoding: .utf8) == "old\n")
        _ = err.fileHandleForReading.readDataToEndOfFile()
    }

    @Test("SIGTERM mid-sync ends with 143, leaving no lock or staged rows and the previous mirror whole")
    func signalMidSync() throws {
        let (sim, home, connection) = try SyncedTaskSetup.start("callq-term-sync")
        defer { sim.stop() }
        let first = try callq(connection + ["-c", "sync"], home: home)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try callq(connection + ["-c", "orders from mirror"], home: home)

        let p = try SyncedTaskSetup.startSync("sync full", connection: connection, home: home)
        Thread.sleep(forTimeInterval: 0.6)  // a full sync one request at a time takes about 30 × 40 ms
        try #require(p.isRunning, "the sync ended before the signal")
        let sent = Date()
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 3)
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 143)

        let path = home + "/.cache/callq/mirror.sqlite3"
        let rows = try callq(
            [],
            shell: """
                python3 -c "import sqlite3; c = sqlite3.connect('\(path)'); print(c.execute('SELECT COUNT(*) FROM mirror_stage').fetchone()[0], c.execute('SELECT COUNT(*) FROM mirror_lock').fetchone()[0], c.execute('SELECT COUNT(*) FROM mirror_order').fetchone()[0])"
                """, home: home)
        #expect(rows.stdout == "0 0 3000\n", "\(rows.stdout)\(rows.stderr)")
        let after = try callq(connection + ["-c", "orders from mirror"], home: home)
        #expect(after.stdout == before.stdout)
    }
}
