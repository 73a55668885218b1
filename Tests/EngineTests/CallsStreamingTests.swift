// `calls` streams (SPEC §11, round three): the first listOrder page's ids go to
// listOrderDetail at once instead of waiting for `detail_batch` ids, and no
// further page is read until that first batch is taken — so `calls limit 3`
// costs one request of each kind, counted by the simulator.
import CallbotSimulator
import CallqJSON
import CallqKit
import Testing

@Suite(.serialized) struct CallsStreamingTests {
    @Test func callsLimitThreeCostsOneListOrderAndOneDetailRequest() async throws {
        // 2,000 orders: 20 pages of 100, a detail batch of 500 ids (the defaults).
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 2000)
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        try await h.session.execute("calls limit 3")
        let got = try CallsTests.lines(h.takeOutput())
        #expect(got.map(CallsTests.key) == CallsTests.referenceRows(h).prefix(3).map(CallsTests.key))
        #expect(h.sim.stats.count("listOrder") == 1, "listOrder: \(h.sim.stats.count("listOrder"))")
        #expect(h.sim.stats.count("listOrderDetail") == 1, "listOrderDetail: \(h.sim.stats.count("listOrderDetail"))")
    }

    @Test func aFullReadStillSendsFullDetailBatches() async throws {
        // 1,000 orders: the first page's 100 ids at once, then 500, then the last 400.
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 1000)
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        try await h.session.execute("calls count")
        let count = try CallsTests.lines(h.takeOutput())
        #expect(count.first?["count"]?.intValue == CallsTests.referenceRows(h).count)
        #expect(h.sim.stats.count("listOrder") == 10)
        #expect(h.sim.stats.count("listOrderDetail") == 3, "listOrderDetail: \(h.sim.stats.count("listOrderDetail"))")
    }
}
