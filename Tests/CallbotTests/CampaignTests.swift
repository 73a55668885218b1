// The running campaign: orders finish, arrive and go (through the test hook and
// at the `--campaign` pace), listOrder's filters and listOrderDetail follow the
// changed data, taskStat follows it too, and a frozen campaign keeps still.

import CallbotAPI
import CallbotClient
import CallbotSimulator
import CallqJSON
import Testing

struct CampaignTests {
    @Test func finishedOrdersEndTheirLastCallAndFiltersFollow() async throws {
        try await withSimulator(SimulatorConfig(seed: 2, tasks: 1, orders: 300)) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let before = try await fetchAll(c, task: task, options: options(["finish": 1]))
            let history = Dictionary(uniqueKeysWithValues: sim.callHistories(task: task).map { ($0.order.id, $0.attempts) })
            let changes = sim.advanceCampaign(task: task, finish: 5)
            #expect(changes.finished.count == 5 && changes.arrived.isEmpty && changes.deleted.isEmpty)
            let open = try await c.orderScan(task: task, options: options(["finish": 1])).allOrders()
            #expect(open.count == before.count - 5)
            #expect(Set(open.map(\.id)).isDisjoint(with: changes.finished))
            let ids = changes.finished.map { JSONValue.string($0) }
            let now = try await c.orderScan(task: task, options: options(["orderID": .array(ids), "finish": 2])).allOrders()
            #expect(Set(now.map(\.id)) == Set(changes.finished))
            let details = try await c.orderDetails(task: task, ids: changes.finished)
            for (order, detail) in zip(now.sorted { $0.id < $1.id }, details.sorted { ($0.orderID ?? "") < ($1.orderID ?? "") }) {
                #expect(order.finish == true && (order.callStatus ?? 0) >= 6)
                #expect(detail.attempts.last?.raw == JSONWriter.bytes(order.json["callInfoDetail"]!))
                let starts = detail.attempts.compactMap(\.callStartTs)
                #expect(starts == starts.sorted() && starts.count == detail.attempts.count)
                let old = history[order.id]!
                #expect(detail.attempts.count >= old.count)
                #expect(Array(detail.attempts.dropLast().prefix(old.count - 1).map(\.json)) == Array(old.dropLast()))
            }
            // The order's server position did not change.
            let all = try await fetchAll(c, task: task)
            #expect(all.count == 300 && all == expected(sim, task: task))
        }
    }

    @Test func arrivalsComeFirstAndDeletedOrdersAreGone() async throws {
        try await withSimulator(SimulatorConfig(seed: 3, tasks: 1, orders: 200)) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let changes = sim.advanceCampaign(task: task, arrive: 4, delete: 6)
            #expect(changes.arrived.count == 4 && changes.deleted.count == 6)
            let all = try await c.orderScan(task: task, options: noOptions).allOrders()
            #expect(all.count == 198)
            #expect(all.prefix(4).map(\.id) == changes.arrived.reversed())  // newest first
            #expect(all.prefix(4).allSatisfy { $0.finish == false && $0.callStatus == 1 })
            #expect(Set(all.map(\.id)).isDisjoint(with: changes.deleted))
            let open = try await c.orderScan(task: task, options: options(["finish": 1])).allOrders()
            #expect(Set(changes.arrived).isSubset(of: open.map(\.id)))
            let details = try await c.orderDetails(task: task, ids: changes.deleted + changes.arrived)
            #expect(details.map(\.orderID) == changes.arrived)  // the deleted are absent
            #expect(details.allSatisfy { $0.attempts.count == 1 && $0.attempts[0].callStartTs == nil })
            // Deleting asks for finished orders only; there are only so many.
            let many = sim.advanceCampaign(task: task, delete: 10_000)
            #expect(many.deleted.count == all.filter { $0.finish == true }.count)
        }
    }

    @Test func theCampaignRunsAtItsRateAndStopsWhenFrozen() async throws {
        let config = SimulatorConfig(seed: 4, tasks: 2, orders: 300, campaign: CampaignSettings(rate: 0.5, deletes: true))
        try await withSimulator(config) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]  // demo-task is running
            func snapshot() -> [String] { sim.data.tasks[0].orders.map(\.text) }
            let start = snapshot()
            for page in 1...10 {
                _ = try await c.listOrder(ListOrderRequest(userTaskID: task, options: noOptions, page: page, size: 10))
            }
            let moved = snapshot()
            #expect(moved != start)
            let changed = Set(moved).symmetricDifference(start).count
            #expect(changed >= 1 && changed <= 2 * 5)  // 5 changes, each touching one or two orders
            sim.freezeCampaign()
            #expect(sim.campaignIsFrozen)
            for page in 1...10 {
                _ = try await c.listOrder(ListOrderRequest(userTaskID: task, options: noOptions, page: page, size: 10))
            }
            _ = try await c.orderDetails(task: task, ids: ["x"])
            #expect(snapshot() == moved)  // quiet: a full scan now is the reference
            #expect(try await fetchAll(c, task: task) == expected(sim, task: task))
            sim.advanceCampaign(task: task, finish: 1)  // the hook still works
            #expect(snapshot() != moved)
            // A task that is not running does not change by itself.
            sim.resumeCampaign()
            let other = sim.data.tasks[1]
            if other.record.taskStatus != 2 {
                let before = other.orders.map(\.text)
                _ = try await c.listOrder(ListOrderRequest(userTaskID: other.userTaskID, options: noOptions, page: 1, size: 10))
                #expect(sim.data.tasks[1].orders.map(\.text) == before)
            }
        }
    }

    @Test func theSameSeedAndStepsGiveTheSameCampaign() async throws {
        func run() async throws -> [String] {
            try await withSimulator(
                SimulatorConfig(
                    seed: 8, tasks: 1, orders: 100,
                    campaign: CampaignSettings(clock: 1_796_600_000))
            ) { sim in
                sim.advanceCampaign(finish: 7, arrive: 3, delete: 2)
                sim.advanceCampaign(finish: 2, arrive: 1)
                return sim.callHistories(task: sim.taskIDs[0]).map { $0.order.text + JSONWriter.string(.array($0.attempts)) }
            }
        }
        let (a, b) = (try await run(), try await run())
        #expect(a == b)
    }

    @Test func taskStatFollowsTheOrdersAndTheirCalls() async throws {
        try await withSimulator(SimulatorConfig(seed: 6, tasks: 5, orders: 120)) { sim in
            let c = client(for: sim)
            func check() async throws {
                let reply = try await c.listTask(ListTaskRequest())
                #expect(reply.tasks.count == 5)
                for record in reply.tasks {
                    let stat = try #require(record.taskStat)
                    let histories = sim.callHistories(task: record.userTaskID!)
                    let calls = histories.flatMap(\.attempts).compactMap { $0["callStatus"]?.intValue }.filter { $0 > 2 }
                    let finished = histories.filter { $0.order.finish == true }.count
                    let answered = histories.filter { $0.attempts.contains { $0["callStatus"] == 6 } }.count
                    let want = TaskStat(
                        answerOrderCount: answered, finishOrderCount: finished,
                        totalOrderCount: histories.count,
                        finishRate: (Double(finished) / Double(histories.count) * 10_000).rounded() / 10_000,
                        totalAnswerCall: calls.filter { $0 == 6 }.count, totalCall: calls.count,
                        answerRate: (Double(calls.filter { $0 == 6 }.count) / Double(calls.count) * 10_000).rounded() / 10_000)
                    #expect(stat == want)
                    #expect(JSONWriter.string(record.json["taskStat"]!).hasPrefix(#"{"answerOrderCount":"#))
                }
            }
            try await check()
            sim.advanceCampaign(finish: 10, arrive: 5, delete: 3)
            try await check()
        }
    }
}
