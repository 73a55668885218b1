// The simulator's listOrderDetail over loopback: 1–4 attempts an order, oldest
// first, the last the very callInfoDetail listOrder sends, earlier ones failed
// calls of their own; deterministic from the seed; limits, unknown ids, request
// validation and faults as for every endpoint.

import CallbotAPI
import CallbotClient
import CallqJSON
import Testing

@testable import CallbotSimulator

struct SimulatorDetailTests {
    @Test func attemptsEndWithListOrdersCallInfoDetail() async throws {
        try await withSimulator(SimulatorConfig(seed: 7, tasks: 1, orders: 500)) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let orders = try await c.orderScan(task: task, options: noOptions).allOrders()
            let details = try await c.orderDetails(task: task, ids: orders.map(\.id))
            #expect(details.map(\.orderID) == orders.map(\.id))
            #expect(c.stats.requests(to: .listOrderDetail) == 1)
            var counts = [Int: Int](), ties = 0
            for (order, detail) in zip(orders, details) {
                let attempts = detail.attempts
                #expect((1...4).contains(attempts.count))
                counts[attempts.count, default: 0] += 1
                // The last attempt is byte for byte the callInfoDetail of listOrder.
                #expect(attempts.last?.raw == JSONWriter.bytes(order.json["callInfoDetail"]!))
                #expect(order.text.contains(String(decoding: attempts.last!.raw, as: UTF8.self)))
                // The order's own fields are listOrder's.
                #expect(detail.orderFields.raw == Order(json: .object(order.json.objectValue!.removing("callInfoDetail"))).raw)
                // Oldest first; earlier attempts failed, each a call of its own.
                let starts = attempts.compactMap(\.callStartTs)
                #expect(starts == starts.sorted())
                ties += zip(starts, starts.dropFirst()).filter { $0 == $1 }.count
                #expect(attempts.map(\.raw) == detail.attemptsOldestFirst.map(\.raw))
                for earlier in attempts.dropLast() {
                    #expect(CallHistory.failedMix.map(\.1).contains(earlier.callStatus ?? -1))
                    #expect(earlier.callDuration == 0 && earlier.json["hangupCause"]?.stringValue != nil)
                }
                #expect(Set(attempts.compactMap(\.callID)).count == attempts.count)
            }
            #expect(counts.keys.sorted() == [1, 2, 3, 4], "attempt counts \(counts)")
            #expect(ties > 0)  // ties happen, now and then
        }
    }

    @Test func historiesAreDeterministicFromTheSeedAlone() async throws {
        let a = SimulatorData(seed: 9, tasks: 1, orders: 50).tasks[0].orders
        let b = SimulatorData(seed: 9, tasks: 1, orders: 50).tasks[0].orders
        #expect(a.map { CallHistory.attempts(seed: 9, order: $0) } == b.map { CallHistory.attempts(seed: 9, order: $0) })
        #expect(a.map { CallHistory.attempts(seed: 9, order: $0) } != a.map { CallHistory.attempts(seed: 10, order: $0) })
        try await withSimulator(SimulatorConfig(seed: 9, tasks: 1, orders: 50)) { sim in
            let task = sim.taskIDs[0]
            // Asked in another order, in pieces, twice: the same history.
            let ids = a.map(\.id).reversed().map { $0 }
            let c = client(for: sim)
            let one = try await c.orderDetails(task: task, ids: ids, batch: 7)
            let two = try await c.orderDetails(task: task, ids: ids)
            #expect(one.map(\.raw) == two.map(\.raw))
            for d in one {
                let order = a.first { $0.id == d.orderID }!
                #expect(d.attempts.map(\.json) == CallHistory.attempts(seed: 9, order: order))
                #expect(sim.callHistory(task: task, orderID: order.id) == d.attempts.map(\.json))
            }
        }
    }

    @Test func unknownIdsAreAbsentAndLimitsAreEnforced() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 30, detailLimit: 10)) { sim in
            let c = client(for: sim)
            let task = sim.taskIDs[0]
            let ids = sim.data.tasks[0].orders.map(\.id)
            let reply = try await c.listOrderDetail(
                ListOrderDetailRequest(
                    userTaskID: task,
                    orderIDs: ["nope", ids[3], ids[3], ids[1]]))
            #expect(reply.details.map(\.orderID) == [ids[3], ids[1]])
            let tooMany = await #expect(throws: CallbotError.self) {
                _ = try await c.listOrderDetail(ListOrderDetailRequest(userTaskID: task, orderIDs: Array(ids[0..<11])))
            }
            #expect(tooMany?.retCode == .tooManyElements && tooMany?.attempts == 1)
            let noTask = await #expect(throws: CallbotError.self) {
                _ = try await c.listOrderDetail(ListOrderDetailRequest(userTaskID: "no-such-task", orderIDs: Array(ids[0..<5])))
            }
            #expect(noTask?.retCode == .invalidValue)
            let empty = try await c.listOrderDetail(ListOrderDetailRequest(userTaskID: task, orderIDs: []))
            #expect(empty.details.isEmpty)
            let bad = Credentials(uuid: sim.uuid, secretKey: "wrong", algorithm: .sha256)
            let refused = await #expect(throws: CallbotError.self) {
                _ = try await client(for: sim, credentials: bad).orderDetails(task: task, ids: ids)
            }
            #expect(refused?.retCode == .badSignature)
            #expect(sim.stats.count("listOrderDetail") == 5)
        }
    }

    @Test func requestBodiesAreValidated() {
        func code(_ body: String) -> RetCode? {
            do {
                _ = try RequestValidation.listOrderDetail(try JSONParser.parse(body), limit: 2)
                return nil
            } catch let failure as APIFailure {
                return failure.retCode
            } catch {
                return .generalError
            }
        }
        #expect(code(#"{"productID":"callbot","userTaskID":"t","orderList":["a","b"]}"#) == nil)
        #expect(code(#"{"productID":"callbot","userTaskID":"t","orderList":["a","b","c"]}"#) == .tooManyElements)
        #expect(code(#"{"productID":"callbot","userTaskID":"t"}"#) == .missingParameter)
        #expect(code(#"{"productID":"callbot","userTaskID":"t","orderList":null}"#) == .missingParameter)
        #expect(code(#"{"productID":"callbot","orderList":[]}"#) == .missingParameter)
        #expect(code(#"{"productID":"callbot","userTaskID":"t","orderList":"a"}"#) == .formatError)
        #expect(code(#"{"productID":"callbot","userTaskID":"t","orderList":[1]}"#) == .formatError)
        #expect(code(#"{"productID":"x","userTaskID":"t","orderList":[]}"#) == .invalidValue)
    }

    static let faultCases: [(String, Faults)] = [
        ("busy", Faults(busyRate: 0.3, retryAfter: 0)),
        ("error", Faults(errorRate: 0.3)),
        ("truncate", Faults(truncateRate: 0.3)),
        ("short", Faults(shortBodyRate: 0.3))
    ]

    @Test(arguments: faultCases)
    func faultsApplyAndAreRetried(name: String, faults: Faults) async throws {
        let clean = SimulatorData(seed: 4, tasks: 1, orders: 300).tasks[0].orders
        try await withSimulator(SimulatorConfig(seed: 4, tasks: 1, orders: 300, faults: faults)) { sim in
            let c = client(for: sim, maxAttempts: 12)
            let details = try await c.orderDetails(task: sim.taskIDs[0], ids: clean.map(\.id), batch: 20)
            #expect(details.map { $0.attempts.map(\.json) } == clean.map { CallHistory.attempts(seed: 4, order: $0) }, "\(name)")
            let injected = sim.stats.faults.values.reduce(0, +)
            #expect(injected > 0 && c.stats.retries == injected, "\(name): \(injected) faults")
            #expect(c.stats.requests(to: .listOrderDetail) == 15 + injected)
        }
    }
}

extension JSONObject {
    /// The object without `key`.
    func removing(_ key: String) -> JSONObject {
        var o = self
        o.members.removeAll { $0.key == key }
        return o
    }
}
