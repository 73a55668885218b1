// What a sync changed (SPEC §13.1): after a step of the simulator's campaign,
// `seen` and `changed` select exactly the orders (and call attempts) the step
// added or changed, pushed into the mirror's SQL; the sync line's counts equal
// the step's; other sources say that the fields are the mirror's.
import CallbotAPI
import CallbotSimulator
import CallqJSON
import CallqKit
import Foundation
import Testing

@Suite(.serialized) struct MirrorChangesTests {
    /// Waits until the clock has passed the current second; returns the new second (stamps are whole seconds).
    static func nextSecond() async throws -> Int {
        let now = Int(Date().timeIntervalSince1970)
        while Int(Date().timeIntervalSince1970) <= now { try await Task.sleep(for: .milliseconds(50)) }
        return now + 1
    }

    @Test func seenAndChangedSelectWhatACampaignStepChangedAndTheLineCountsIt() async throws {
        let h = try await MirrorTests.start(orders: 600)
        defer { Task { await h.stop() } }
        let first = try await MirrorTests.sync(h)
        #expect(first.line.contains(": 600 new, 0 finished, 0 changed, 0 gone; full, "), "\(first.line)")
        let t = try await Self.nextSecond()
        let task = h.firstTask.userTaskID
        let step = h.sim.advanceCampaign(task: task, finish: 7, arrive: 5)
        let deleted = h.sim.advanceCampaign(task: task, delete: 2).deleted
        let finished = Set(step.finished).subtracting(deleted)
        let s = try await MirrorTests.sync(h)
        #expect(s.line.contains(": 5 new, \(finished.count) finished, 0 changed, 2 gone; "), "\(s.line)")

        #expect(Set(try await h.orderIDs("orders from mirror where seen >= \(t)")) == Set(step.arrived))
        #expect(Set(try await h.orderIDs("orders from mirror where changed >= \(t) and seen < \(t)")) == finished)
        #expect(Set(try await h.orderIDs("orders from mirror where changed >= \(t)")) == finished.union(step.arrived))
        // Pushed into the SQL; a row query that reads them gets them as keys, others get the API's bytes.
        try await h.session.execute("explain orders from mirror where seen >= \(t) select id, seen")
        let explain = h.takeOutput()
        #expect(
            explain.contains(
                "SELECT position, json, seen, changed FROM mirror_order WHERE position >= ? AND position < ? AND (+seen >= ?)"),
            "\(explain)")
        #expect(explain.contains("residual: none"), "\(explain)")
        try await h.session.execute("orders from mirror where seen >= \(t)")
        let rows = h.takeOutput().split(separator: "\n")
        #expect(rows.count == 5)
        for row in rows {
            let json = try JSONParser.parse(Array(row.utf8))
            let seen = try #require(json["seen"]?.intValue)
            #expect(seen >= t && json["changed"]?.intValue == seen, "\(row)")
        }
        // Counts pushed into SQL over the stamps; the mirror still equals the API byte for byte.
        try await h.session.execute("orders from mirror where seen < \(t) count")
        #expect(h.takeOutput().contains("598"))
        try await h.session.execute("explain orders from mirror count by seen")
        #expect(h.takeOutput().contains("SELECT seen, count(*) FROM mirror_order"))
        try await MirrorTests.expectMirrorEqualsScan(h)

        // A quiet sync changes nothing and stamps nothing.
        let t2 = try await Self.nextSecond()
        let quiet = try await MirrorTests.sync(h)
        #expect(quiet.line.contains(": 0 new, 0 finished, 0 changed, 0 gone; incremental, "), "\(quiet.line)")
        #expect(try await h.orderIDs("orders from mirror where changed >= \(t2)").isEmpty)
    }

    @Test func aFullSyncKeepsTheStampsOfUnchangedOrders() async throws {
        let h = try await MirrorTests.start(orders: 300)
        defer { Task { await h.stop() } }
        _ = try await MirrorTests.sync(h)
        let t = try await Self.nextSecond()
        let step = h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: 3, arrive: 2)
        let s = try await MirrorTests.sync(h, "sync full")
        #expect(s.line.contains(": 2 new, 3 finished, 0 changed, 0 gone; full, "), "\(s.line)")
        #expect(Set(try await h.orderIDs("orders from mirror where changed >= \(t)")) == Set(step.finished + step.arrived))
        #expect(Set(try await h.orderIDs("orders from mirror where seen >= \(t)")) == Set(step.arrived))
        try await MirrorTests.expectMirrorEqualsScan(h)
    }

    @Test func attemptsCarryTheirOwnStamps() async throws {
        let h = try await CallsMirrorTests.start(orders: 300)
        defer { Task { await h.stop() } }
        _ = try await CallsMirrorTests.sync(h)
        let t = try await Self.nextSecond()
        let step = h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: 4, arrive: 3)
        _ = try await CallsMirrorTests.sync(h)
        let seen = Set(try await h.orderIDs("calls from mirror where seen >= \(t)"))
        #expect(Set(step.arrived).isSubset(of: seen))
        #expect(seen.isSubset(of: Set(step.arrived + step.finished)))
        // A finished order's rows carry `finish`, so all its attempts changed; nothing else did.
        #expect(Set(try await h.orderIDs("calls from mirror where changed >= \(t)")) == Set(step.arrived + step.finished))
        try await CallsMirrorTests.expectMirrorEqualsAPI(h)
    }

    @Test func otherSourcesSayTheFieldsAreTheMirrors() async throws {
        let h = try await MirrorTests.start(orders: 20)
        defer { Task { await h.stop() } }
        try await h.session.execute("explain orders where seen > now - 15m")
        let explain = h.takeOutput()
        #expect(explain.contains("note: `seen` is stamped by the mirror's syncs"), "\(explain)")
        #expect(try await h.orderIDs("orders where seen > now - 15m").isEmpty)
    }
}
