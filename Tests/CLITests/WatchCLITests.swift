// `watch` from the command line (SPEC §13.2): on a pipe it writes NDJSON frames
// with `frame` and `at`; Ctrl-C ends `-c` with status 0; `--demo --campaign RATE`
// runs the demo's campaign, whose calls end now (`ended > now - 15m` finds them).
import Foundation
import Testing

@Suite("watch from the command line", .serialized)
struct WatchCLITests {
    static func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("frames N ends the watch; every frame's objects carry frame and at")
    func framesOnAPipe() throws {
        let r = try callq(["--demo", "--no-progress", "-c", "watch every 200ms frames 3 orders count by finish"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.objects(r.stdout)
        #expect(rows.map { $0["frame"] as? Int } == [1, 1, 2, 2, 3, 3])
        #expect(rows.allSatisfy { ($0["at"] as? Int).map { $0 > 1_700_000_000 } == true && $0["count"] is Int })
    }

    @Test("Ctrl-C ends a watch on a pipe with status 0")
    func interruptIsSuccess() throws {
        let dir = NSTemporaryDirectory() + "callq-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = dir + "/frames.ndjson"
        FileManager.default.createFile(atPath: out, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: productsDirectory() + "/callq")
        p.arguments = ["--demo", "--no-progress", "-c", "watch every 200ms orders count"]
        p.environment = ["HOME": dir, "PATH": "/usr/bin:/bin", "TZ": "UTC"]
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").contains("\"frame\":2,") {
            usleep(20_000)
        }
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        let frames = try Self.objects(try String(contentsOfFile: out, encoding: .utf8)).compactMap { $0["frame"] as? Int }
        #expect(frames.count >= 2 && frames == Array(1...frames.count))
    }

    @Test("--demo --campaign RATE runs the demo's campaign: calls that ended lately are found by ended > now - 15m")
    func demoCampaign() throws {
        let r = try callq([
            "--demo", "--campaign", "3", "--no-progress", "-c",
            "sync; watch every 200ms frames 3 orders from mirror where ended > now - 15m count"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("demo-task: ") == true)
        let counts = try Self.objects(lines.dropFirst().joined(separator: "\n")).compactMap { $0["count"] as? Int }
        #expect(counts.count == 3 && counts.last! > 0 && counts == counts.sorted(), "\(r.stdout)")
        // Without a campaign, nothing in the demo ended in the last quarter hour.
        let still = try callq(["--demo", "-c", "orders where ended > now - 15m count"])
        #expect(still.stdout == "{\"count\":0}\n")
        let lonely = try callq(["--campaign", "1", "-c", "orders count"])
        #expect(lonely.status != 0 && lonely.stderr.contains("give --demo too"))
    }
}
