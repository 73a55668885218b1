// The simulator speaks like the vendor: intentLevel is an integer, taskName is
// missing for some tasks, taskStat is sent, and the generated orders of a seed
// do not drift (README and cookbook outputs are compared against the demo).

import CallbotAPI
import CallbotClient
import CallbotSimulator
import CallqJSON
import Testing

struct VendorFidelityTests {
    @Test func intentLevelsAreIntegers() {
        let orders = SimulatorData(seed: 42, tasks: 1, orders: 500).tasks[0].orders
        let levels = orders.flatMap { ($0.callInfo?["intents"]?.arrayValue ?? []).compactMap { $0["intentLevel"] } }
        #expect(!levels.isEmpty)
        #expect(Set(levels) == [.int(1), .int(2), .int(3)])
    }

    @Test func someTasksHaveNoNameButTheFirstThreeKeepTheirs() async throws {
        try await withSimulator(SimulatorConfig(seed: 42, tasks: 6, orders: 10)) { sim in
            let reply = try await client(for: sim).listTask(ListTaskRequest())
            #expect(
                reply.tasks.map(\.taskName) == [
                    "Renewal reminder 续费提醒", "Penagihan Jakarta", "Café promo «été»",
                    nil, "Collections, wave 2", nil
                ])
            #expect(reply.tasks[3].json["taskName"] == nil)  // absent, not null
            #expect(reply.tasks.allSatisfy { $0.taskStat?.totalOrderCount == 10 })
        }
    }

    /// A fingerprint of the demo data (seed 42, 3 tasks of 500 orders). It changes only
    /// when the generator does — which changes what the docs show: update them together.
    @Test func theDemoDataDoesNotDrift() {
        let data = SimulatorData(seed: 42, tasks: 3, orders: 500)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for task in data.tasks {
            for byte in JSONWriter.bytes(task.record.json) + task.orders.flatMap(\.raw) {
                h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        #expect(data.taskIDs == ["demo-task", "task-4a4664d7", "task-bde6b7b3"])
        #expect(String(h, radix: 16) == "fd3d4f5e7a4f7287")
    }
}
