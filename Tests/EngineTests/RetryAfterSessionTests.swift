// Retry-After through a session, as the command line wires it (#27-11): each wait is
// announced on the session's warning channel, and `retry_after_max` caps what is
// honoured — a longer Retry-After fails at once, naming both.
import CallbotSimulator
import CallqKit
import CallqOutput
import Foundation
import Synchronization
import Testing

/// SessionWarnings a session gave, in order.
final class SessionWarnings: Sendable {
    let lines = Mutex<[String]>([])
}

@Suite("Retry-After in a session", .serialized)
struct RetryAfterSessionTests {
    /// A session on `sim` whose warnings are collected in `warnings`.
    static func session(
        _ sim: RunningSimulator, _ settings: [(String, String)],
        warnings: SessionWarnings
    ) throws -> CallqSession {
        let connection = ConnectionSettings(baseURL: sim.baseURL, credentials: sim.credentials, tasks: [sim.taskIDs[0]])
        var s = SessionSettings(environment: [:])
        for (k, v) in [("format", "ndjson")] + settings { try s.apply(k, v) }
        return CallqSession(
            connection: connection, settings: s, output: OutputTarget.memory(width: 120),
            paths: Harness.scratchPaths(), warn: { line in warnings.lines.withLock { $0.append(line) } })
    }

    @Test("a wait within retry_after_max is announced before it is taken")
    func waitIsAnnounced() async throws {
        let sim = try await SimulatorServer.start(
            SimulatorConfig(
                tasks: 1, orders: 20,
                faults: Faults(retryAfter: 1, throttleRate: 1)))
        let warnings = SessionWarnings()
        let session = try Self.session(sim, [("retries", "2"), ("retry_after_max", "5s")], warnings: warnings)
        await #expect(throws: CallqError.self) { try await session.execute("orders count") }
        await session.close()
        await sim.stop()
        let seen = warnings.lines.withLock { $0 }
        #expect(
            seen.contains { $0.contains("waiting 1 s as the server asks (Retry-After) before attempt 2 of 2") },
            "\(seen)")
    }

    @Test("a Retry-After above retry_after_max fails at once, naming both")
    func longWaitFailsAtOnce() async throws {
        let sim = try await SimulatorServer.start(
            SimulatorConfig(
                tasks: 1, orders: 20,
                faults: Faults(retryAfter: 86_400, throttleRate: 1)))
        let warnings = SessionWarnings()
        let session = try Self.session(sim, [("retry_after_max", "30s")], warnings: warnings)
        let started = ContinuousClock.now
        let error = await #expect(throws: CallqError.self) { try await session.execute("orders count") }
        // Neither the day asked for nor the cap is waited: well under the cap even on a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(try #require(error).message.contains("more than retry_after_max = 30 s"), "\(String(describing: error))")
        await session.close()
        await sim.stop()
    }
}
