// The client against the simulator over loopback HTTP: full fetches equal the
// simulator's data for several seeds, page sizes and ranges; faults change
// nothing in the result; split id lists merge; counts are pushed down.

import CallbotAPI
import CallbotClient
import CallbotSimulator
import CallqJSON
import Testing

struct ClientFetchTests {
    @Test(arguments: [(UInt64(1), 100), (7, 37), (99, 61), (123, 1)])
    func fullFetchEqualsData(seed: UInt64, size: Int) async throws {
        let orders = size == 1 ? 40 : 230
        try await withSimulator(SimulatorConfig(seed: seed, tasks: 2, orders: orders)) { sim in
            let c = client(for: sim)
            for task in sim.taskIDs {
                let scan = try await c.orderScan(task: task, options: noOptions, size: size, concurrency: 3)
                #expect(scan.totalCount == orders)
                #expect(scan.pageCount == (orders + size - 1) / size)
                let got = try await scan.allOrders().map(\.text)
                #expect(got == expected(sim, task: task))
            }
        }
    }

    @Test func filteredFetchAndCountMatchTheFilter() async throws {
        try await withSimulator { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[1]
            let cases: [ListOrderOptions] = [
                options(["callStatus": [6, 10]]),
                options(["finish": 1]),
                options(["callDuration": .object(["gt": 20, "lt": 2147483647, "enable": true])]),
                options(["turnTime": .object(["gt": 3, "lt": 10, "enable": true])]),
                options(["intentName": ["意向强烈", "tertarik"], "finish": 2])
            ]
            for o in cases {
                let want = expected(sim, task: task, options: o)
                #expect(!want.isEmpty)
                let v1 = try await fetchAll(c, task: task, options: o, size: 20)
                #expect(v1 == want)
                let v2 = try await c.count(task: task, options: o)
                #expect(v2 == want.count)
            }
        }
    }

    @Test func pageRange() async throws {
        try await withSimulator { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let all = expected(sim, task: task)
            let v3 = try await fetchAll(c, task: task, size: 50, pages: 2...3)
            #expect(v3 == Array(all[50..<150]))
            let v4 = try await fetchAll(c, task: task, size: 50, pages: 5...9)
            #expect(v4 == Array(all[200...]))
            let v5 = try await fetchAll(c, task: task, size: 50, pages: 8...9)
            #expect(v5 == [])
            let scan = try await c.orderScan(task: task, options: noOptions, pages: 2...3, size: 50)
            #expect(scan.pageCount == 2 && scan.remainingRequests == 1)
        }
    }

    @Test func idListOf250IsSplitAndMerged() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 400)) { sim in
            let task = sim.taskIDs[0]
            let ids = sim.data.tasks[0].orders.map(\.id)
            let wanted = Array(ids[10..<260].reversed())
            let o = options(["orderID": .array(wanted.map { .string($0) }), "finish": 2])
            let want = expected(sim, task: task, options: o)
            let c = client(for: sim)
            let scan = try await c.orderScan(task: task, options: o, size: 30)
            #expect(scan.parts == 3)
            let got = try await scan.allOrders().map(\.text)
            #expect(Set(got) == Set(want) && got.count == want.count)
            let v6 = try await c.count(task: task, options: o)
            #expect(v6 == want.count)
        }
    }

    @Test func serverListLimitAnswered4001IsHalved() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 300, listLimit: 40)) { sim in
            let task = sim.taskIDs[0]
            let ids = sim.data.tasks[0].orders.map(\.id)
            let o = options(["orderID": .array(ids[0..<150].map { .string($0) })])
            let c = client(for: sim)  // idsPerList 100 > server's 40
            let scan = try await c.orderScan(task: task, options: o, size: 100)
            #expect(scan.parts == 6)  // 100 → 4 × 25, 50 → 2 × 25
            let got = try await scan.allOrders().map(\.id)
            #expect(Set(got) == Set(ids[0..<150]) && got.count == 150)
            let intents = options(["intentName": .array((0..<60).map { .string("n\($0)") } + ["interested"])])
            let v7 = try await c.count(task: task, options: intents)
            #expect(v7 == expected(sim, task: task, options: intents).count)
        }
    }

    @Test func tasksAndPing() async throws {
        try await withSimulator(SimulatorConfig(tasks: 4, orders: 10)) { sim in
            let c = client(for: sim, verify: .strict)
            let ping = try await c.ping(data: "héllo")
            #expect(ping.data == "héllo" && ping.code == 0)
            let all = try await c.listTask(ListTaskRequest())
            #expect(all.tasks.compactMap(\.userTaskID) == sim.taskIDs)
            #expect(all.totalCount == 4)
            let one = try await c.listTask(ListTaskRequest(query: TaskQuery(userTaskID: [sim.taskIDs[2]])))
            #expect(one.tasks.compactMap(\.userTaskID) == [sim.taskIDs[2]])
            let paged = try await c.listTask(ListTaskRequest(page: 2, size: 3))
            #expect(paged.tasks.count == 1)
        }
    }
}
