// Call attempts in the mirror (SPEC §11 with §10): with `sync_calls = on` a sync
// keeps every attempt, `calls from mirror` equals `calls` from the API byte for
// byte after every kind of sync, a re-sync asks listOrderDetail only for the
// orders whose attempts may have changed, pushed SQL over the attempts' own
// columns gives the local answer, and a mirror without attempts says how to get them.
import CallbotAPI
import CallbotSimulator
import CallqJSON
import CallqKit
import Foundation
import Testing

@Suite(.serialized) struct CallsMirrorTests {
    static func start(orders: Int = 1000) async throws -> Harness {
        let h = try await Harness.start(
            seed: 21, tasks: 1, orders: orders, campaign: CampaignSettings(rate: 1),
            settings: [("sync_calls", "on")])
        h.sim.freezeCampaign()
        return h
    }

    static func expectMirrorEqualsAPI(_ h: Harness, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        _ = h.takeOutput()
        try await h.session.execute("calls from mirror")
        let mirror = h.takeOutput()
        try await h.session.execute("calls")
        let api = h.takeOutput()
        #expect(!api.isEmpty)
        let m = mirror.split(separator: "\n").count, a = api.split(separator: "\n").count
        #expect(mirror == api, "mirror and API differ: \(m) vs \(a) rows", sourceLocation: sourceLocation)
    }

    static func sync(_ h: Harness) async throws -> [String] {
        h.sim.resetStats()
        try await h.session.execute("sync")
        _ = h.takeOutput()
        return h.sim.stats.detailOrderIDs
    }

    @Test func syncKeepsAttemptsAndReReadsOnlyWhatMayHaveChanged() async throws {
        let h = try await Self.start()
        defer { Task { await h.stop() } }
        let first = try await Self.sync(h)
        #expect(first.count == 1000 && h.sim.stats.count("listOrderDetail") == 2)
        try await Self.expectMirrorEqualsAPI(h)

        // Unchanged: only the unfinished orders' attempts are asked again.
        let unfinished = h.firstTask.orders.filter { $0.finish != true }.compactMap(\.orderID)
        let again = try await Self.sync(h)
        #expect(Set(again) == Set(unfinished), "asked \(again.count), unfinished \(unfinished.count)")
        try await Self.expectMirrorEqualsAPI(h)

        // Orders finish (their last call ends) and new ones arrive.
        let changes = h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: 7, arrive: 5)
        let changed = try await Self.sync(h)
        #expect(Set(changes.finished + changes.arrived).isSubset(of: Set(changed)))
        try await Self.expectMirrorEqualsAPI(h)

        // Finished orders deleted: the finished re-read; their attempts go with them.
        h.sim.advanceCampaign(task: h.firstTask.userTaskID, delete: 4)
        _ = try await Self.sync(h)
        try await Self.expectMirrorEqualsAPI(h)
        try await h.session.execute("sync full")
        try await Self.expectMirrorEqualsAPI(h)
    }

    @Test func pushedSQLOverAttemptsEqualsTheAPI() async throws {
        let h = try await Self.start(orders: 400)
        defer { Task { await h.stop() } }
        _ = try await Self.sync(h)
        h.sim.resetStats()
        let queries = [
            "where status = busy count", "where finish = true and attempt = 1 select orderID, status",
            "where duration > 20 or status in (22, 23) select orderID, attempt, duration",
            "count by attempt, status", "where attempts >= 3 and attempt = 3 select phone, status"
        ]
        var mirrored = ""
        for q in queries { try await h.session.execute("calls from mirror \(q)"); mirrored += h.takeOutput() }
        #expect(h.sim.stats.requests == 0)
        var api = ""
        for q in queries { try await h.session.execute("calls \(q)"); api += h.takeOutput() }
        #expect(mirrored == api)
        try await h.session.execute("explain calls from mirror where status = busy and cause = 'USER_BUSY'")
        let plan = h.takeOutput()
        #expect(
            plan.contains("mirror_call") && plan.contains("status = ?") && plan.contains("residual: hangupCause = 'USER_BUSY'"),
            "\(plan)")
    }

    @Test func aMirrorWithoutAttemptsSaysHowToGetThem() async throws {
        let h = try await Harness.start(seed: 21, tasks: 1, orders: 300)
        defer { Task { await h.stop() } }
        try await h.session.execute("sync")
        await #expect(throws: CallqError.self) { try await h.session.execute("calls from mirror") }
        do {
            try await h.session.execute("calls from mirror count")
        } catch {
            #expect(error.message.contains("sync_calls"), "\(error.message)")
        }
        // Turned on later, an incremental sync reads the attempts of every order.
        try await h.session.execute("set sync_calls = on")
        h.sim.resetStats()
        try await h.session.execute("sync")
        #expect(Set(h.sim.stats.detailOrderIDs).count == 300)
        try await Self.expectMirrorEqualsAPI(h)
        // Turned off again (or a new shell that never set it): the attempts are a property of the
        // mirror, so a plain sync and a plain `sync full` keep them up to date.
        try await h.session.execute("set sync_calls = off")
        h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: 5, arrive: 3)
        _ = h.takeOutput()
        try await h.session.execute("sync")
        #expect(!h.takeOutput().contains("dropped"))
        try await Self.expectMirrorEqualsAPI(h)
        try await h.session.execute("sync full")
        #expect(!h.takeOutput().contains("dropped"))
        try await Self.expectMirrorEqualsAPI(h)
        // Only a sync that names the task, full, with sync_calls off drops them, and says so.
        try await h.session.execute("sync task '\(h.firstTask.userTaskID)' full")
        #expect(h.takeOutput().contains("; call attempts dropped (sync_calls is off)"))
        await #expect(throws: CallqError.self) { try await h.session.execute("calls from mirror") }
    }

    /// #24: a new session on the same mirror file (sync_calls never set) keeps the attempts.
    @Test func aNewSessionKeepsTheAttemptsOfTheMirror() async throws {
        let paths = Harness.scratchPaths()
        let h = try await Harness.start(
            seed: 21, tasks: 1, orders: 300, campaign: CampaignSettings(rate: 1),
            settings: [("sync_calls", "on")], paths: paths)
        defer { Task { await h.stop() } }
        h.sim.freezeCampaign()
        try await h.session.execute("sync")
        let connection = ConnectionSettings(baseURL: h.sim.baseURL, credentials: h.sim.credentials, tasks: [h.sim.taskIDs[0]])
        var settings = SessionSettings(environment: [:])
        try settings.apply("format", "ndjson")
        let other = CallqSession(connection: connection, settings: settings, output: h.target, paths: paths, warn: { _ in })
        defer { Task { await other.close() } }
        h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: 4, arrive: 2)
        h.sim.resetStats()
        try await other.execute("sync")
        #expect(!h.sim.stats.detailOrderIDs.isEmpty, "the new session's sync did not read attempts")
        try await Self.expectMirrorEqualsAPI(h)
    }
}
