// What a session tells the user beside results (issue 26 item 13): a task id the
// account does not have gets a did-you-mean from the account's tasks, and the
// notice that `count by` groups do not add up is a warning.
import CallbotSimulator
import CallqKit
import Foundation
import Testing

@Suite struct SessionNoticeTests {
    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.withLock { lines.append(s) } }
        var all: [String] { lock.withLock { lines } }
    }

    static func session(_ sim: RunningSimulator, _ messages: Messages) throws -> CallqSession {
        var s = SessionSettings(environment: [:])
        try s.apply("format", "ndjson")
        return CallqSession(
            connection: ConnectionSettings(baseURL: sim.baseURL, credentials: sim.credentials, tasks: [sim.taskIDs[0]]),
            settings: s, output: .memory(width: 120), paths: Harness.scratchPaths(), warn: { messages.add($0) })
    }

    @Test func anUnknownTaskGetsADidYouMean() async throws {
        let sim = try await SimulatorServer.start(SimulatorConfig(seed: 3, tasks: 3, orders: 20))
        defer { Task { await sim.stop() } }
        let session = try Self.session(sim, Messages())
        let id = sim.taskIDs[1]
        let typo = String(id.dropLast()) + (id.last == "x" ? "y" : "x")
        let error = await #expect(throws: CallqError.self) { try await session.execute("orders in task '\(typo)' count") }
        let message = try #require(error).message
        #expect(message.contains("retCode 4"))
        #expect(message.contains("hint: no task `\(typo)` in this account; did you mean `\(id)`?"))
        let far = await #expect(throws: CallqError.self) { try await session.execute("orders in task 'nothing-like-it' count") }
        #expect(
            try #require(far).message.contains(
                "hint: no task `nothing-like-it` in this account; `tasks select id, name` lists them"))
    }

    @Test func groupsThatDoNotAddUpAreAWarning() async throws {
        let sim = try await SimulatorServer.start(SimulatorConfig(seed: 5, tasks: 1, orders: 200, faults: Faults(mutateRate: 1)))
        defer { Task { await sim.stop() } }
        let messages = Messages()
        let session = try Self.session(sim, messages)
        try await session.execute("orders count by status")
        let notice = try #require(messages.all.first { $0.contains("the groups add up to") })
        #expect(notice.hasPrefix("warning: count by: the groups add up to"))
    }
}
