// Seeded random orders for the pushdown property test: nulls, missing
// callInfoDetail/agent/sms/params, several intents, odd statuses, CJK names.

import CallqJSON

enum RandomOrders {
    struct Sample { let order: JSONValue; let turns: Int }

    static let intentNames = ["interested", "callback", "not interested", "价格", "busy"]
    static let names = ["Ann Lee", "bob", "O'Brien", "张伟", "", "ann"]
    static let agents = ["ann", "bob", "carl"]
    static let statuses = [1, 2, 3, 4, 5, 6, 6, 6, 8, 9, 10, 10, 11, 12, 13, 15, 16, 17, 18, 21, 22, 23, 24, 25, 7, 99]

    static func make(count: Int, seed: UInt64) -> [Sample] {
        var r = SeededRandom(seed: seed)
        return (0..<count).map { i in sample(i, &r) }
    }

    static func maybe(_ r: inout SeededRandom, _ v: JSONValue, null: Double = 0.1) -> JSONValue {
        r.chance(null) ? .null : v
    }

    static func sample(_ i: Int, _ r: inout SeededRandom) -> Sample {
        var o = JSONObject()
        o["orderID"] = .string("o\(i)")
        o["userTaskID"] = "T1"
        if !r.chance(0.05) { o["userName"] = maybe(&r, .string(r.pick(names))) }
        o["userPhone"] = .string("62\(r.int(10_000...99_999))")
        if !r.chance(0.05) { o["finish"] = maybe(&r, .bool(r.chance(0.5))) }
        if !r.chance(0.05) {
            var c = JSONObject()
            if !r.chance(0.05) { c["callStatus"] = maybe(&r, .int(r.pick(statuses))) }
            if !r.chance(0.05) { c["callDuration"] = maybe(&r, .int(r.chance(0.2) ? 0 : r.int(0...400))) }
            c["callStartTs"] = maybe(&r, .int(1_732_400_000 + r.int(0...200_000)))
            if r.chance(0.8) {
                c["intents"] = .array(
                    (0..<r.int(0...3)).map { _ in
                        var it = JSONObject()
                        let n = r.int(0...(intentNames.count - 1))
                        it["intentID"] = .string("i\(n)")
                        it["intentName"] = maybe(&r, .string(intentNames[n]), null: 0.05)
                        it["intentTag"] = .string(r.pick(["A", "B", "C"]))
                        return .object(it)
                    })
            }
            if r.chance(0.4) {
                c["sms"] = .array((0..<r.int(0...2)).map { _ in ["smsContent": .string(r.pick(["hi", "50% off", "再见"]))] })
            }
            if r.chance(0.5) {
                c["agent"] = maybe(
                    &r,
                    [
                        "agentName": maybe(&r, .string(r.pick(agents))),
                        "agentCallStatus": .int(r.pick([1, 2, 3, 4, 10, 12]))
                    ])
            }
            if r.chance(0.5) {
                c["params"] = .array([["name": "city", "value": .string(r.pick(["Jakarta", "Bandung"]))]])
            }
            o["callInfoDetail"] = .object(c)
        }
        return Sample(order: .object(o), turns: r.int(0...10))
    }

    /// The order as an oracle sees it: with the hidden turn count at the path `turns` reads.
    static func withTurns(_ s: Sample) -> JSONValue {
        guard case .object(var o) = s.order else { return s.order }
        var c = o["callInfoDetail"]?.objectValue ?? JSONObject()
        c["turnTime"] = .int(s.turns)
        o["callInfoDetail"] = .object(c)
        return .object(o)
    }
}
