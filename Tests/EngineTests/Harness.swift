// Shared set-up for engine tests: a simulator on loopback and a session
// connected to it that writes into memory, as an embedding program would.
import CallbotAPI
import CallbotSimulator
import CallqKit
import CallqOutput
import Foundation

/// A running simulator plus a session on it.
struct Harness {
    let sim: RunningSimulator
    let session: CallqSession
    let target: OutputTarget
    let consumed = Counter()

    final class Counter: @unchecked Sendable { var value = 0 }

    static func start(
        seed: UInt64 = 7, tasks: Int = 2, orders: Int = 300, faults: Faults = Faults(),
        campaign: CampaignSettings = CampaignSettings(), settings: [(String, String)] = [],
        paths: CallqPaths = Harness.scratchPaths()
    ) async throws -> Harness {
        let sim = try await SimulatorServer.start(
            SimulatorConfig(
                seed: seed, tasks: tasks, orders: orders, faults: faults,
                campaign: campaign))
        let target = OutputTarget.memory(width: 120)
        let connection = ConnectionSettings(baseURL: sim.baseURL, credentials: sim.credentials, tasks: [sim.taskIDs[0]])
        var s = SessionSettings(environment: [:])
        try s.apply("format", "ndjson")
        for (k, v) in settings { try s.apply(k, v) }
        let session = CallqSession(connection: connection, settings: s, output: target, paths: paths, warn: { _ in })
        return Harness(sim: sim, session: session, target: target)
    }

    /// Config, state and cache folders of a fresh temporary home (so tests never touch the user's files).
    static func scratchPaths() -> CallqPaths {
        let home = NSTemporaryDirectory() + "callq-engine-\(UUID().uuidString)"
        return CallqPaths(environment: ["HOME": home])
    }

    func stop() async {
        await session.close()
        await sim.stop()
    }

    /// Output written since the last call.
    func takeOutput() -> String {
        let bytes = target.sink.contents
        let fresh = bytes[consumed.value...]
        consumed.value = bytes.count
        return String(decoding: fresh, as: UTF8.self)
    }

    /// The orderIDs a query returns, through the embedding API.
    func orderIDs(_ query: String) async throws -> [String] {
        var ids: [String] = []
        for try await row in try await session.rows(query) { ids.append(row.order?.orderID ?? "?") }
        return ids
    }

    var firstTask: SimulatorTask { sim.data.tasks[0] }
}
