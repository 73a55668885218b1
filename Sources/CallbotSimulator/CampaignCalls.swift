// The calls a running campaign makes: an unfinished order's call ends (a call
// under way ends; a queued order is dialled, sometimes after one more failed
// try), and a new order arrives queued. Each keeps its call history in step:
// the last attempt is always the order's `callInfoDetail`. A call ends at the
// campaign's clock, the current time.

import CallbotAPI
import CallqJSON

enum CampaignCalls {
    /// Final outcomes of a call, by the weights of the generated data.
    static let endedMix = DataGenerator.statusMix.filter { $0.1 >= 6 }

    /// `order` finished: its last call ended, `finish` true; with its turns and new history.
    static func finished(
        _ order: Order, history: [JSONValue],
        _ c: inout CampaignState
    ) -> (Order, Int, [JSONValue]) {
        let last = order.json["callInfoDetail"] ?? .object([:])
        var newHistory = Array(history.dropLast())
        let status = c.random.weighted(endedMix)
        let final: JSONValue
        if let s = last["callStatus"]?.intValue, (3...5).contains(s) {
            // The call under way ends now.
            final = ended(status: status, callID: last["callID"] ?? .null, like: last, order: order, &c)
        } else {
            // Queued: dialled, sometimes after one more try that failed a little earlier; it ends now.
            let retried = c.random.chance(0.4)
            final = ended(status: status, callID: .string("c-\(c.random.hex(16))"), like: last, order: order, &c)
            if retried {
                let start = (final["callStartTs"]?.intValue ?? c.now()) - c.random.int(90...300)
                newHistory.append(
                    CallHistory.failedAttempt(
                        status: c.random.weighted(CallHistory.failedMix),
                        start: start, like: last, &c.random))
            }
        }
        newHistory.append(final)
        var o = order.json.objectValue ?? JSONObject()
        o["finish"] = .bool(true)
        o["callInfoDetail"] = final
        let duration = final["callDuration"]?.intValue ?? 0
        let turns = status == 6 ? max(1, duration / 12 + c.random.int(0...4)) : 0
        return (Order(json: .object(o)), turns, newHistory)
    }

    /// A new order, not dialled yet (callStatus 1, ready), and its one-attempt history.
    static func queued(_ generated: Order, _ c: inout CampaignState) -> (Order, [JSONValue]) {
        let g = generated.json["callInfoDetail"] ?? .object([:])
        var detail: JSONObject = [
            "callID": .string("c-\(c.random.hex(16))"),
            "callingNumber": g["callingNumber"] ?? .null,
            "lineAddress": g["lineAddress"] ?? .null,
            "callStatus": .int(1),
            "callStartTs": .null, "callAnswerTs": .null, "callEndTs": .null,
            "callDuration": .int(0), "callAudioUrl": .string(""),
            "hangupCause": .null, "termSipCode": .null,
            "intents": .array([])
        ]
        if let params = g["params"] { detail["params"] = params }
        var o = generated.json.objectValue ?? JSONObject()
        o["finish"] = .bool(false)
        o["callInfoDetail"] = .object(detail)
        return (Order(json: .object(o)), [.object(detail)])
    }

    /// A call that ended just now with `status`, answered when `status` is 6.
    private static func ended(
        status: Int, callID: JSONValue, like last: JSONValue, order: Order,
        _ c: inout CampaignState
    ) -> JSONValue {
        let answered = status == 6
        let ring = c.random.int(3...25)
        let duration = answered ? c.random.int(5...400) : 0
        let start = c.now() - ring - duration
        var intents: [JSONValue] = []
        if answered {
            let i = c.random.pick(DataGenerator.intents)
            intents.append(
                .object([
                    "intentID": .string(i.id), "intentTag": .string(i.tag),
                    "intentName": .string(i.name), "intentLevel": .int(i.level)
                ]))
        }
        var detail: JSONObject = [
            "callID": callID,
            "callingNumber": last["callingNumber"] ?? .null,
            "lineAddress": last["lineAddress"] ?? .null,
            "callStatus": .int(status),
            "callStartTs": .int(start),
            "callAnswerTs": answered ? .int(start + ring) : .null,
            "callEndTs": .int(start + ring + duration),
            "callDuration": .int(duration),
            "callAudioUrl": answered ? .string("https://audio.example/rec/\(order.orderID ?? "x")-\(start).mp3") : .string(""),
            "hangupCause": .string(CallHistory.hangupCause(status)),
            "termSipCode": .string(CallHistory.sipCode(status)),
            "intents": .array(intents)
        ]
        if let params = last["params"] { detail["params"] = params }
        return .object(detail)
    }
}
