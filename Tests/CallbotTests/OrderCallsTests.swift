// The ordered concurrent detail fetcher over loopback: orders come out in scan
// order with their attempts, ids are batched across pages, 4001 halves the batch,
// faults are retried, vanished orders have no attempts, and stopping or
// cancelling the consumer stops the requests.

import CallbotAPI
import CallbotClient
import CallbotSimulator
import CallqJSON
import Testing

struct OrderCallsTests {
    /// Every order of `task` as the simulator holds it, with its attempts' bytes.
    func expectedCalls(_ sim: RunningSimulator, task: String) -> [(String, [[UInt8]])] {
        sim.callHistories(task: task).map { ($0.order.text, $0.attempts.map { JSONWriter.bytes($0) }) }
    }

    func got(_ calls: [OrderCalls]) -> [(String, [[UInt8]])] {
        calls.map { ($0.order.text, $0.attempts.map(\.raw)) }
    }

    @Test func ordersComeOutInScanOrderWithTheirAttempts() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 700, faults: Faults(latencyMs: 2, jitterMs: 10))) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let scan = try await c.orderScan(task: task, options: noOptions, size: 50, concurrency: 4)
            var batches: [Int] = []
            var calls: [OrderCalls] = []
            for try await b in c.orderCalls(scan, batch: 60, concurrency: 4) {
                batches.append(b.calls.count)
                calls += b.calls
            }
            let want = expectedCalls(sim, task: task)
            #expect(got(calls).map(\.0) == want.map(\.0))
            #expect(got(calls).map(\.1) == want.map(\.1))
            // The first page's 50 ids go out at once; then full batches of 60.
            #expect(batches == [50] + Array(repeating: 60, count: 10) + [50])
            #expect(c.stats.requests(to: .listOrderDetail) == 12 && c.stats.requests(to: .listOrder) == 14)
            #expect(sim.stats.maxInFlight >= 2)
            // An attempt row: the order's fields and the attempt.
            let k = try #require(calls.firstIndex { $0.attempts.count >= 2 })
            let row = calls[k].attemptOrder(0)
            #expect(row.orderID == calls[k].order.orderID && row.callInfo == calls[k].attempts[0].json)
        }
    }

    @Test func idsAreBatchedAcrossPages() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 1_234)) { sim in
            let c = client(for: sim)
            let scan = try await c.orderScan(task: sim.taskIDs[0], options: noOptions, size: 100, concurrency: 4)
            let calls = try await c.orderCalls(scan).allCalls()
            #expect(calls.count == 1_234)
            #expect(c.stats.requests(to: .listOrderDetail) == 4)  // the first page's 100 at once, 500 + 500 + 134
            #expect(calls.allSatisfy { !$0.attempts.isEmpty })
        }
    }

    @Test func tooManyElementsHalvesTheBatchAndTheSmallerSizeIsKept() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 1_234, detailLimit: 300)) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let scan = try await c.orderScan(task: task, options: noOptions, size: 100, concurrency: 1)
            let calls = try await c.orderCalls(scan, batch: 500, concurrency: 1).allCalls()
            #expect(got(calls).map(\.1) == expectedCalls(sim, task: task).map(\.1))
            // The first page's 100 at once; 500 refused, 250 + 250, then 250, 250 and 134 at the size learned.
            #expect(c.stats.requests(to: .listOrderDetail) == 7)
            #expect(sim.stats.count("listOrderDetail") == 7)
        }
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 1_234, detailLimit: 120)) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let scan = try await c.orderScan(task: task, options: noOptions, size: 100, concurrency: 4)
            let calls = try await c.orderCalls(scan, batch: 500, concurrency: 4).allCalls()
            #expect(got(calls).map(\.1) == expectedCalls(sim, task: task).map(\.1))
            // Results are concatenated in id order across the halves.
            #expect(calls.map(\.order.id) == calls.map { $0.detail?.orderID ?? "" })
        }
    }

    @Test func faultsAreRetried() async throws {
        let faults = Faults(busyRate: 0.1, errorRate: 0.1, truncateRate: 0.1, retryAfter: 0)
        try await withSimulator(SimulatorConfig(seed: 5, tasks: 1, orders: 900, faults: faults)) { sim in
            let c = client(for: sim, maxAttempts: 12)
            let task = sim.taskIDs[0]
            let scan = try await c.orderScan(task: task, options: noOptions, size: 100, concurrency: 3)
            let calls = try await c.orderCalls(scan, batch: 100, concurrency: 3).allCalls()
            #expect(got(calls).map(\.0) == expectedCalls(sim, task: task).map(\.0))
            #expect(got(calls).map(\.1) == expectedCalls(sim, task: task).map(\.1))
            let injected = sim.stats.faults.values.reduce(0, +)
            #expect(injected > 0 && c.stats.retries == injected)
            #expect(c.stats.requests(to: .listOrderDetail) >= 9)
        }
    }

    @Test func vanishedOrdersHaveNoAttemptsAndTasksAreAskedSeparately() async throws {
        try await withSimulator(SimulatorConfig(tasks: 2, orders: 40)) { sim in
            let c = client(for: sim)
            let (a, b) = (sim.data.tasks[0], sim.data.tasks[1])
            let gone = sim.advanceCampaign(task: a.userTaskID, delete: 3).deleted
            #expect(gone.count == 3)
            let batches = [
                OrderBatch(userTaskID: a.userTaskID, orders: Array(a.orders[0..<25])),
                OrderBatch(userTaskID: a.userTaskID, orders: Array(a.orders[25...])),
                OrderBatch(userTaskID: b.userTaskID, orders: b.orders)
            ]
            let calls = try await c.orderCalls(Batches(batches), batch: 30, concurrency: 2).allCalls()
            #expect(calls.map(\.order.id) == (a.orders + b.orders).map(\.id))
            for call in calls {
                #expect(gone.contains(call.order.id) == (call.detail == nil))
                #expect(gone.contains(call.order.id) == call.attempts.isEmpty)
            }
            #expect(c.stats.requests(to: .listOrderDetail) == 4)  // 30 + 10 of task a, 30 + 10 of task b
        }
    }

    @Test func anErrorComesAfterTheResultsBeforeIt() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 20)) { sim in
            let c = client(for: sim)
            let orders = sim.data.tasks[0].orders
            let batches = [
                OrderBatch(userTaskID: sim.taskIDs[0], orders: orders),
                OrderBatch(userTaskID: "no-such-task", orders: orders)
            ]
            var delivered = 0
            let error = await #expect(throws: CallbotError.self) {
                for try await b in c.orderCalls(Batches(batches), batch: 10, concurrency: 2) { delivered += b.calls.count }
            }
            #expect(error?.retCode == .invalidValue && error?.endpoint == .listOrderDetail)
            #expect(delivered == 20)
        }
    }

    @Test func stoppingEarlySendsNoFurtherRequests() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 3_000, faults: Faults(latencyMs: 30))) { sim in
            let c = client(for: sim)
            let scan = try await c.orderScan(task: sim.taskIDs[0], options: noOptions, size: 100, concurrency: 4)
            var seen = 0
            for try await b in c.orderCalls(scan, batch: 50, concurrency: 2) {
                seen += b.calls.count
                if seen >= 100 { break }
            }
            let afterStop = c.stats
            try await Task.sleep(for: .milliseconds(400))
            #expect(c.stats == afterStop)
            #expect(afterStop.requests(to: .listOrderDetail) <= 2 + 2 * 2)  // taken plus the window
            #expect(afterStop.requests(to: .listOrder) < 30)
        }
    }

    @Test func cancellingTheConsumerCancelsTheRequests() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 3_000, faults: Faults(latencyMs: 40))) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let (first, gotFirst) = AsyncStream<Void>.makeStream()
            let consumer = Task {
                let scan = try await c.orderScan(task: task, options: noOptions, size: 100, concurrency: 4)
                var n = 0
                for try await b in c.orderCalls(scan, batch: 100, concurrency: 3) {
                    n += b.calls.count
                    gotFirst.yield()
                }
                return n
            }
            for await _ in first { break }
            consumer.cancel()
            let result = await consumer.result
            #expect(throws: CancellationError.self) { try result.get() }
            let afterStop = c.stats
            try await Task.sleep(for: .milliseconds(400))
            #expect(c.stats == afterStop)
            #expect(afterStop.requests(to: .listOrderDetail) < 12)  // of 30 batches
        }
    }
}

/// Order batches from an array, as any ordered source would deliver them.
struct Batches: AsyncSequence, Sendable {
    typealias Element = OrderBatch
    let items: [OrderBatch]
    init(_ items: [OrderBatch]) { self.items = items }
    func makeAsyncIterator() -> Iterator { Iterator(items: items[...]) }
    struct Iterator: AsyncIteratorProtocol {
        var items: ArraySlice<OrderBatch>
        mutating func next() async throws -> OrderBatch? { items.popFirst() }
    }
}
