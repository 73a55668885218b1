// The pager's concurrency: requests really overlap, pages still arrive in
// order, and a consumer that stops early stops the requests too.

import CallbotAPI
import CallbotClient
import CallbotSimulator
import Testing

struct ClientConcurrencyTests {
    @Test func requestsOverlapAndPagesStayInOrder() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 400, faults: Faults(latencyMs: 20, jitterMs: 20))) { sim in
            let c = client(for: sim)
            let scan = try await c.orderScan(task: sim.taskIDs[0], options: noOptions, size: 20, concurrency: 6)
            var pages: [Int] = []
            for try await page in scan { pages.append(page.page) }
            #expect(pages == Array(1...20))
            #expect(sim.stats.maxInFlight >= 2)
            #expect(sim.stats.maxInFlight <= 6)
            #expect(c.stats.requests == 20)
        }
    }

    @Test func aSlowConsumerBoundsTheRequestsAhead() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 600, faults: Faults(latencyMs: 5))) { sim in
            let c = client(for: sim)
            let scan = try await c.orderScan(task: sim.taskIDs[0], options: noOptions, size: 20, concurrency: 3)
            var consumed = 0
            for try await _ in scan {
                consumed += 1
                try await Task.sleep(for: .milliseconds(40))
                // The first page came with opening; ahead of the consumer at most 2 × 3 pages plus the head.
                #expect(sim.stats.requests <= consumed + 2 * 3 + 1)
                if consumed == 8 { break }
            }
            #expect(sim.stats.requests >= consumed)
        }
    }

    @Test func stoppingEarlySendsNoFurtherRequests() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 2000, faults: Faults(latencyMs: 30))) { sim in
            let c = client(for: sim)
            let scan = try await c.orderScan(task: sim.taskIDs[0], options: noOptions, size: 10, concurrency: 4)
            var seen = 0
            for try await _ in scan {
                seen += 1
                if seen == 3 { break }
            }
            // Counted on the client, where a request is made: independent of how late a
            // request already on the wire reaches a loaded server.
            let afterStop = c.stats.requests
            try await Task.sleep(for: .milliseconds(500))
            #expect(c.stats.requests == afterStop)
            #expect(afterStop <= 3 + 2 * 4)  // the pages taken plus at most the window
            #expect(sim.stats.requests <= afterStop)
        }
    }

    @Test func cancellingTheConsumerCancelsTheScan() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 2000, faults: Faults(latencyMs: 30))) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let (firstPage, gotPage) = AsyncStream<Void>.makeStream()
            let consumer = Task {
                let scan = try await c.orderScan(task: task, options: noOptions, size: 10, concurrency: 4)
                var n = 0
                for try await page in scan {
                    n += page.orders.count
                    gotPage.yield()
                }
                return n
            }
            for await _ in firstPage { break }
            consumer.cancel()
            let result = await consumer.result
            #expect(throws: CancellationError.self) { try result.get() }
            // Counted on the client (see above): no request is made after the cancel.
            let afterStop = c.stats.requests
            try await Task.sleep(for: .milliseconds(500))
            #expect(c.stats.requests == afterStop)
            #expect(afterStop < 100)  // of 200 pages
            #expect(sim.stats.requests <= afterStop)
        }
    }
}
