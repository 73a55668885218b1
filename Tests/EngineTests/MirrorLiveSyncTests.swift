// The incremental sync on a live task (SPEC §10.3 "Round three"): the simulator's
// campaign finishes, adds and deletes orders before every data request, and each
// sync must stay incremental — about unfinished ÷ page size + a few requests —
// unless finished orders were really deleted, while holding every order that
// existed throughout it, once, in a state it had; once the campaign pauses, one
// more sync equals a full scan. Many seeds, several rates, with and without deletes.
import CallbotAPI
import CallbotSimulator
import CallqJSON
import Foundation
import Testing

@Suite(.serialized) struct MirrorLiveSyncTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rate: Double
        var deletes: Bool
        var seed: UInt64
        var testDescription: String { "rate \(rate)\(deletes ? " with deletes" : ""), seed \(seed)" }
    }

    static let cases: [Case] = [0.3, 0.5, 1.0].flatMap { rate in
        [false, true].flatMap { deletes in (0..<3).map { Case(rate: rate, deletes: deletes, seed: 100 + UInt64($0)) } }
    }

    /// Each order of the task now: id → its JSON, and which are finished.
    static func snapshot(_ h: Harness) -> (json: [String: JSONValue], finished: Set<String>) {
        var json: [String: JSONValue] = [:]
        var finished = Set<String>()
        for o in h.firstTask.orders {
            guard let id = o.orderID else { continue }
            json[id] = o.json
            if o.finish == true { finished.insert(id) }
        }
        return (json, finished)
    }

    /// The mirror's orders, id → JSON, failing on an order held twice.
    static func mirrored(_ h: Harness) async throws -> [String: JSONValue] {
        try await h.session.execute("orders from mirror")
        var out: [String: JSONValue] = [:]
        for line in h.takeOutput().split(separator: "\n") {
            let json = try JSONParser.parse(Array(line.utf8))
            let id = try #require(json["orderID"]?.stringValue)
            #expect(out[id] == nil, "order \(id) mirrored twice")
            out[id] = json
        }
        return out
    }

    @Test(arguments: cases) func eachSyncOfARunningCampaignIsCheapAndExact(_ c: Case) async throws {
        let h = try await Harness.start(
            seed: c.seed, tasks: 1, orders: 3000,
            campaign: CampaignSettings(rate: c.rate, deletes: c.deletes))
        defer { Task { await h.stop() } }
        h.sim.freezeCampaign()
        _ = try await MirrorTests.sync(h)
        var held = try await Self.mirrored(h)
        h.sim.resumeCampaign()
        var figures: [String] = []
        for _ in 0..<8 {
            let before = Self.snapshot(h)
            let s = try await MirrorTests.sync(h)
            let after = Self.snapshot(h)
            let unfinished = max(before.json.count - before.finished.count, after.json.count - after.finished.count)
            let pages = max(1, (unfinished + 99) / 100)
            figures.append("\(s.requests)/\(unfinished)")
            // Finished orders that existed before the sync, or that the mirror held (deleted during
            // the previous sync, after it looked), and are gone after it: a re-read is due.
            let deleted =
                before.finished.contains { after.json[$0] == nil }
                || held.contains { $0.value["finish"] == .bool(true) && after.json[$0.key] == nil }
            if !deleted {
                #expect(s.line.contains("; incremental, "), "\(c.testDescription): \(s.line)")
                // The unfinished pages, by id the orders that finished, the first page, one page read again.
                #expect(
                    s.requests <= pages + 3,
                    "\(c.testDescription): \(s.requests) requests for \(unfinished) unfinished: \(s.line)")
            }
            let mirror = try await Self.mirrored(h)
            defer { held = mirror }
            for (id, json) in before.json where after.json[id] != nil {
                let held = try #require(
                    mirror[id], "\(c.testDescription): order \(id) existed throughout the sync but is not mirrored")
                #expect(held == json || held == after.json[id], "\(c.testDescription): order \(id) in a state it never had")
            }
            for id in mirror.keys {
                #expect(before.json[id] != nil || after.json[id] != nil, "\(c.testDescription): order \(id) never existed")
            }
        }
        print("live sync \(c.testDescription): requests/unfinished per sync: \(figures.joined(separator: " "))")
        h.sim.freezeCampaign()
        let last = try await MirrorTests.sync(h)
        #expect(last.line.contains("incremental"), "\(last.line)")
        try await MirrorTests.expectMirrorEqualsScan(h)
    }

    /// #27-3: a deleted finished order and an order that arrived and finished unseen
    /// must not cancel out in the sync's check.
    @Test func aDeletedFinishedOrderAndAnOrderFinishedUnseenDoNotCancelOut() async throws {
        let h = try await MirrorTests.start(orders: 500)
        defer { Task { await h.stop() } }
        _ = try await MirrorTests.sync(h)
        let task = h.firstTask.userTaskID
        let arrived = h.sim.advanceCampaign(task: task, arrive: 1)
        h.sim.advanceCampaign(task: task, finish: MirrorTests.unfinished(h))
        let deleted = h.sim.advanceCampaign(task: task, delete: 1)
        #expect(arrived.arrived.count == 1 && deleted.deleted.count == 1)
        let s = try await MirrorTests.sync(h)
        #expect(s.line.contains("incremental + finished re-read"), "\(s.line)")
        try await MirrorTests.expectMirrorEqualsScan(h)
    }
}
