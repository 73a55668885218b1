// The shortened fault soak (the full one is scripts/soak): per seed, the same
// queries run against a fault-free and a faulty simulator holding the same data
// (busy 20 %, HTTP 500 5 %, truncated replies 2 %, latency jitter), through a
// session with 8 requests in flight; every output must be byte-for-byte equal.
// Then a simulator that adds orders while paging must yield every original
// order exactly once.
import CallbotSimulator
import CallqKit
import Testing

@Suite struct FaultSoakTests {
    static let faulty = Faults(latencyMs: 1, jitterMs: 5, busyRate: 0.2, errorRate: 0.05, truncateRate: 0.02)
    static let settings = [("concurrency", "8"), ("size", "40"), ("retries", "12")]

    static let queries = [
        "orders",
        "orders where status in (6, 10) and duration > 30",
        "orders count by status",
        "orders where intent = 'interested' select orderID, duration",
        "orders order by duration desc limit 20",
        "orders where name like '%a%' count",
        "orders where duration between 20 and 90 and not status = busy select orderID, status, duration",
        "orders where finish = true and sms is not empty limit 30 format csv"
    ]

    @Test(arguments: [1, 2, 3] as [UInt64])
    func faultyRunsEqualFaultFreeRuns(seed: UInt64) async throws {
        let clean = try await Harness.start(seed: seed, orders: 400, settings: Self.settings)
        let faulty = try await Harness.start(seed: seed, orders: 400, faults: Self.faulty, settings: Self.settings)
        defer {
            Task {
                await clean.stop(); await faulty.stop()
            }
        }
        for query in Self.queries {
            try await clean.session.execute(query)
            try await faulty.session.execute(query)
            let expected = clean.takeOutput(), got = faulty.takeOutput()
            #expect(!expected.isEmpty, "\(query): no output")
            #expect(got == expected, "seed \(seed): \(query)")
        }
        let injected = faulty.sim.stats.faults.values.reduce(0, +)
        #expect(injected >= 3, "only \(injected) faults were injected")
    }

    @Test(arguments: [4, 5] as [UInt64])
    func ordersAddedWhilePagingAreNeitherLostNorRepeated(seed: UInt64) async throws {
        let h = try await Harness.start(
            seed: seed, tasks: 1, orders: 800,
            faults: Faults(latencyMs: 1, jitterMs: 8, mutateRate: 0.3),
            settings: Self.settings)
        defer { Task { await h.stop() } }
        let original = h.firstTask.orders.compactMap(\.orderID)
        let ids = try await h.orderIDs("orders")
        #expect(Set(ids).count == ids.count, "an orderID came twice")
        #expect(Set(original).subtracting(ids).isEmpty, "original orders were lost")
        #expect(h.sim.stats.faults["mutate", default: 0] > 5)
    }
}
