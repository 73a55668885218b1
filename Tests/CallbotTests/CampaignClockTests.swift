// The running campaign's clock (SPEC §13.2, issue 29 item 4): the calls it ends end
// now — in listOrder's `callInfoDetail` and in listOrderDetail's last attempt — so
// `ended > now - 15m` finds exactly the orders that finished lately.
import CallbotAPI
import CallbotClient
import CallbotSimulator
import CallqJSON
import Foundation
import Testing

struct CampaignClockTests {
    @Test func callsTheCampaignEndsEndNow() async throws {
        try await withSimulator(SimulatorConfig(seed: 29, tasks: 1, orders: 300)) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let before = Int(Date().timeIntervalSince1970)
            let changes = sim.advanceCampaign(task: task, finish: 8, arrive: 3)
            let all = try await c.orderScan(task: task, options: noOptions).allOrders()
            let details = try await c.orderDetails(task: task, ids: changes.finished)
            // Taken after the reads: on a crowded machine a second may pass between the step and them.
            let after = Int(Date().timeIntervalSince1970)
            // Ended within the last 15 minutes: exactly the orders the campaign finished.
            let recent = all.filter { o in
                (o.json["callInfoDetail"]?["callEndTs"]?.intValue).map { $0 > before - 900 } ?? false
            }
            #expect(Set(recent.map(\.id)) == Set(changes.finished))
            for order in recent {
                let detail = try #require(order.json["callInfoDetail"])
                let end = try #require(detail["callEndTs"]?.intValue)
                let start = try #require(detail["callStartTs"]?.intValue)
                #expect(end >= before && end <= after)
                #expect(start <= end && start >= end - 500)
            }
            for d in details {
                let starts = d.attempts.compactMap(\.callStartTs)
                #expect(starts == starts.sorted() && starts.count == d.attempts.count)
                #expect(d.attempts.last?.json["callEndTs"]?.intValue.map { $0 >= before && $0 <= after } == true)
            }
            // Orders that arrive are queued: not dialled, so no call time yet.
            #expect(
                all.filter { changes.arrived.contains($0.id) }.allSatisfy { $0.json["callInfoDetail"]?["callStartTs"] == .null })
        }
    }
}
