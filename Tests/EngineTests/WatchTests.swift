// `watch` through the embedding API against the simulator (SPEC §13.2): frames on a
// pipe carry `frame` and `at`; a watch of a `from mirror` query on a live task costs
// about unfinished ÷ page size + 2 requests a frame (the simulator's own counter);
// a failing later frame is reported and the watch goes on; Ctrl-C (cancellation)
// ends it as a success, also in a script.
import CallbotSimulator
import CallqJSON
import CallqKit
import Foundation
import Synchronization
import Testing

@Suite(.serialized) struct WatchTests {
    /// The NDJSON objects written since the last take.
    static func objects(_ h: Harness) throws -> [JSONValue] {
        try h.takeOutput().split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }

    @Test("on a pipe each frame is written in the statement's format with frame and at")
    func framesOnAPipe() async throws {
        let h = try await Harness.start(tasks: 1, orders: 300)
        defer { Task { await h.stop() } }
        try await h.session.execute("sync")
        _ = h.takeOutput()
        let before = Int(Date().timeIntervalSince1970)
        try await h.session.execute("watch every 100ms frames 3 orders from mirror count by finish")
        let rows = try Self.objects(h)
        #expect(rows.count == 6)
        #expect(rows.compactMap { $0["frame"]?.intValue } == [1, 1, 2, 2, 3, 3])
        let at = rows.compactMap { $0["at"]?.intValue }
        #expect(at.count == 6 && at.allSatisfy { $0 >= before && $0 <= before + 30 } && at == at.sorted())
        #expect(rows.allSatisfy { $0["count"]?.intValue != nil && $0["finish"]?.boolValue != nil })
        // Whole orders keep their bytes, with the two keys first.
        try await h.session.execute("watch every 100ms frames 2 orders limit 1")
        let orders = try Self.objects(h)
        #expect(orders.count == 2 && orders.allSatisfy { $0["orderID"] != nil && $0["callInfoDetail"] != nil })
        #expect(orders.compactMap { $0["frame"]?.intValue } == [1, 2])
    }

    @Test("a watch of a from-mirror query on a live task costs about unfinished ÷ page size + 2 requests a frame")
    func costPerFrame() async throws {
        let h = try await Harness.start(seed: 29, tasks: 1, orders: 3000, campaign: CampaignSettings(rate: 1))
        defer { Task { await h.stop() } }
        h.sim.freezeCampaign()
        try await h.session.execute("sync")
        h.sim.resumeCampaign()
        var figures: [String] = []
        for _ in 0..<3 {
            let unfinished = h.firstTask.orders.filter { $0.finish != true }.count
            h.sim.resetStats()
            _ = h.takeOutput()
            try await h.session.execute("watch every 100ms frames 1 orders from mirror count by finish")
            let requests = h.sim.stats.requests
            let pages = (unfinished + 99) / 100
            figures.append("\(requests) requests, \(unfinished) unfinished")
            #expect(requests >= pages + 1 && requests <= pages + 3, "\(figures)")
            #expect(try Self.objects(h).count == 2)
        }
        print("watch cost per frame (page size 100): \(figures.joined(separator: "; "))")
    }

    @Test("a later frame that fails is reported and the watch goes on; a first frame that fails stops it")
    func failures() async throws {
        let warnings = Mutex<[String]>([])
        let target = OutputTarget.memory()
        let session = CallqSession(
            connection: ConnectionSettings(baseURL: "http://127.0.0.1:9", credentials: nil, tasks: []),
            settings: try {
                var s = SessionSettings(environment: [:]); try s.apply("format", "ndjson"); return s
            }(),
            output: target, paths: Harness.scratchPaths(),
            warn: { w in warnings.withLock { $0.append(w) } })
        let file = NSTemporaryDirectory() + "callq-watch-\(UUID().uuidString).ndjson"
        let orders = #"{"orderID":"a","finish":true}"# + "\n" + #"{"orderID":"b","finish":false}"# + "\n"
        defer { try? FileManager.default.removeItem(atPath: file) }
        // The first frame cannot run: the error stops the watch.
        await #expect(throws: CallqError.self) {
            try await session.execute("watch every 100ms frames 3 orders from file '\(file)' count")
        }
        #expect(target.sink.text.isEmpty)
        // The file goes away after the first frame and comes back after the second: frame 2 fails, 3 runs.
        try orders.write(toFile: file, atomically: true, encoding: .utf8)
        let watching = Task { try await session.execute("watch every 1s frames 3 orders from file '\(file)' count") }
        while target.sink.text.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        try FileManager.default.removeItem(atPath: file)
        while !warnings.withLock({ $0.contains { $0.hasPrefix("watch: frame 2 failed: ") } }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        try (orders + #"{"orderID":"c","finish":true}"# + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        try await watching.value
        #expect(warnings.withLock { $0.filter { $0.hasPrefix("watch: frame") } }.count == 1, "\(warnings.withLock { $0 })")
        let lines = target.sink.text.split(separator: "\n").map { try? JSONParser.parse(Array($0.utf8)) }
        #expect(lines.map { $0?["frame"]?.intValue } == [1, 3])
        #expect(lines.map { $0?["count"]?.intValue } == [2, 3])
    }

    @Test("Ctrl-C ends a watch as a success, in a statement and in a script")
    func interrupted() async throws {
        let h = try await Harness.start(tasks: 1, orders: 100)
        defer { Task { await h.stop() } }
        let statement = Task { try await h.session.execute("watch every 100ms orders count") }
        while !h.target.sink.text.contains("\"frame\":2") { try await Task.sleep(for: .milliseconds(20)) }
        statement.cancel()
        try await statement.value  // no error: the watch was meant to end this way
        let script = Task { await h.session.runScript("watch every 100ms orders count\norders count", fileName: "s.cq") }
        while h.target.sink.text.components(separatedBy: "\"frame\":2").count < 3 { try await Task.sleep(for: .milliseconds(20)) }
        script.cancel()
        #expect(await script.value == 0)
    }
}
