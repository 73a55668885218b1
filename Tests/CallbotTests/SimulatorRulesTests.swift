// The simulator's rules without HTTP: authentication retCodes, option filter
// semantics, and the seeded data generator (deterministic and varied).

import CallbotAPI
import CallbotSimulator
import CallqJSON
import Testing

struct SimulatorRulesTests {
    let creds = Credentials(uuid: "acct", secretKey: "k3y", algorithm: .md5)
    let body = Array(#"{"data":"x"}"#.utf8)
    let now = 1_732_406_400

    func headers(
        secret: String = "k3y", uuid: String = "acct", ts: Int? = nil,
        algorithm: SignAlgorithm = .md5
    ) -> [String: String] {
        let c = Credentials(uuid: uuid, secretKey: secret, algorithm: algorithm)
        let h = SignedHeaders.make(body: body, credentials: c, requestID: "rid", createTs: String(ts ?? now))
        return Dictionary(uniqueKeysWithValues: h.fields.map { ($0.name.lowercased(), $0.value) })
    }

    func check(_ h: [String: String]) -> RetCode? {
        switch SimulatorAuth.check(header: { h[$0.lowercased()] }, body: body, credentials: creds, now: now) {
        case .success: return nil
        case .failure(let f): return f.retCode
        }
    }

    @Test func authentication() {
        #expect(check(headers()) == nil)
        #expect(check(headers(algorithm: .sha256)) == nil)
        #expect(check(headers(secret: "wrong")) == .badSignature)
        #expect(check(headers(uuid: "nobody")) == .noAccount)
        #expect(check(headers(ts: now - 301)) == .badSignature)
        #expect(check(headers(ts: now + 299)) == nil)
        var noSign = headers()
        noSign["sign"] = nil
        #expect(check(noSign) == .missingSignature)
        var noAlgorithm = headers()
        noAlgorithm["algorithm"] = nil
        #expect(check(noAlgorithm) == nil)  // absent means MD5
        var badTs = headers()
        badTs["createts"] = "yesterday"
        #expect(check(badTs) == .formatError)
    }

    func order(_ json: JSONValue) -> Order { Order(json: json) }

    @Test func filterSemantics() {
        let o = order(
            .object([
                "orderID": "o1", "finish": true,
                "callInfoDetail": .object([
                    "callStatus": 6, "callDuration": 30,
                    "intents": .array([
                        .object(["intentID": "I1", "intentName": "意向", "intentTag": "A"]),
                        .object(["intentID": "I2", "intentName": "no", "intentTag": "C"])
                    ])
                ])
            ]))
        func opts(_ j: JSONObject) -> ListOrderOptions { ListOrderOptions(json: .object(j)) }
        func m(_ j: JSONObject, turns: Int = 5) -> Bool { OrderFilter.matches(opts(j), order: o, turns: turns) }
        #expect(m([:]))
        #expect(m(["orderID": ["o2", "o1"]]) && !m(["orderID": ["o2"]]))
        #expect(m(["intentName": ["意向"]]) && m(["intentID": ["I2"]]) && m(["intentTag": ["C", "Z"]]))
        #expect(!m(["intentName": ["yes"]]))
        #expect(m(["finish": 2]) && !m(["finish": 1]))
        #expect(m(["callStatus": [10, 6]]) && !m(["callStatus": [10]]))
        #expect(m(["callDuration": .object(["gt": 29, "lt": 31, "enable": true])]))
        #expect(!m(["callDuration": .object(["gt": 30, "lt": 2147483647, "enable": true])]))  // strict
        #expect(m(["callDuration": .object(["gt": 30, "lt": 31, "enable": false])]))  // disabled
        #expect(m(["turnTime": .object(["gt": 4, "lt": 6, "enable": true])], turns: 5))
        #expect(!m(["turnTime": .object(["gt": 5, "lt": 9, "enable": true])], turns: 5))
        #expect(!m(["callStatus": [6], "finish": 1]))  // AND
        let bare = order(.object(["orderID": "o2"]))
        #expect(!OrderFilter.matches(opts(["finish": 1]), order: bare, turns: 0))  // missing field fails
        #expect(!OrderFilter.matches(opts(["callStatus": [6]]), order: bare, turns: 0))
        #expect(OrderFilter.matches(opts([:]), order: bare, turns: 0))
    }

    @Test func dataIsDeterministicAndVaried() {
        let a = SimulatorData(seed: 5, tasks: 2, orders: 400)
        let b = SimulatorData(seed: 5, tasks: 2, orders: 400)
        let c = SimulatorData(seed: 6, tasks: 2, orders: 400)
        #expect(a.tasks.map { $0.orders.map(\.raw) } == b.tasks.map { $0.orders.map(\.raw) })
        #expect(a.tasks[0].orders.map(\.raw) != c.tasks[0].orders.map(\.raw))
        #expect(a.taskIDs[0] == SimulatorConfig.demoTaskID)
        let orders = a.tasks.flatMap(\.orders)
        let ids = orders.compactMap { $0.json["orderID"]?.stringValue }
        #expect(Set(ids).count == 800)
        let statuses = Set(orders.compactMap { $0.json["callInfoDetail"]?["callStatus"]?.intValue })
        #expect(statuses.count >= 10)
        let text = orders.map { String(decoding: $0.raw, as: UTF8.self) }.joined()
        for needle in ["王", "é", "\\\"", "\\t", "\\n", ",", "意向强烈", "tertarik", "\"agent\"", "\"sms\"", "\"params\"", "null"] {
            #expect(text.contains(needle), "data contains \(needle)")
        }
        #expect(orders.contains { $0.json["callInfoDetail"]?["agent"] == nil })
        #expect(a.tasks[0].turns.contains { $0 > 0 } && a.tasks[0].turns.contains(0))
        let first = a.tasks[0]
        #expect(a.turns(orderID: ids[0]) == first.turns[0])
    }
}

struct FaultFlagTests {
    @Test func parsesDurationsAndRates() {
        #expect(Faults.milliseconds(from: "50ms") == 50)
        #expect(Faults.milliseconds(from: "1.5s") == 1500)
        #expect(Faults.milliseconds(from: "20") == 20)
        #expect(Faults.milliseconds(from: "fast") == nil)
        #expect(Faults.rate(from: "0.25") == 0.25)
        #expect(Faults.rate(from: "10%") == 0.1)
        #expect(Faults.rate(from: "2") == nil)
    }
}
