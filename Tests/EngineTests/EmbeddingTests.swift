// CallqKit used the way a user's Swift program would: make a session, stream
// typed rows, get a plan as a value, run a script.
import CallbotSimulator
import CallqKit
import Testing

@Suite struct EmbeddingTests {
    @Test func programEmbedsCallq() async throws {
        let sim = try await SimulatorServer.start(SimulatorConfig(seed: 3, tasks: 1, orders: 120))
        defer { Task { await sim.stop() } }
        let session = CallqSession(
            connection: ConnectionSettings(baseURL: sim.baseURL, credentials: sim.credentials, tasks: sim.taskIDs),
            output: .memory(), warn: { _ in })
        var busy = 0
        for try await row in try await session.rows("orders where status = busy") {
            #expect(row.order?.callStatus == 10)
            busy += 1
        }
        #expect(busy == sim.data.tasks[0].orders.filter { $0.callStatus == 10 }.count)

        var selected: [CallqRow] = []
        for try await row in try await session.rows("orders select phone, duration as secs limit 3") { selected.append(row) }
        #expect(selected.count == 3)
        #expect(selected[0].columns == ["phone", "secs"])
        #expect(selected[0]["secs"]?.intValue == sim.data.tasks[0].orders[0].callDuration)

        let plan = try await session.explain("orders where status = busy and duration >= 30")
        #expect(plan.residual == nil)
        #expect(plan.explain().contains("\"callStatus\":[10]"))

        // `set format = chart` governs what is written, not rows handed to the program.
        try await session.execute("set format = chart")
        var charted = 0
        for try await _ in try await session.rows("orders limit 2") { charted += 1 }
        #expect(charted == 2)
        try await session.execute("set format = auto")

        let status = await session.runScript(
            "use task '\(sim.taskIDs[0])'\nlet d = 30\norders where duration > $d count", fileName: "t.cq")
        #expect(status == 0)
        await session.close()
    }
}
