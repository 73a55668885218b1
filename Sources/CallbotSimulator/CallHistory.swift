// Every call attempt of a generated order (listOrderDetail, SPEC §11): 1–4
// attempts, oldest first, the last one the order's own `callInfoDetail`, the
// earlier ones failed calls with their own ids, times, causes and SIP codes.
// Derived from (seed, orderID) alone, so the main data stream is untouched and
// an order's history is the same whenever and however often it is asked for.

import CallbotAPI
import CallqJSON

/// The call history the simulator serves for its orders.
public enum CallHistory {
    /// Failed outcomes of earlier attempts, by weight: busy, ring missed, no response, …
    static let failedMix: [(Int, Int)] = [(4, 10), (5, 22), (5, 23), (2, 9), (2, 11), (1, 12), (1, 25), (1, 24)]

    /// The attempts of `order` as generated from `seed`: the earlier (failed) ones oldest
    /// first, then the order's `callInfoDetail` itself. No attempts when it has none.
    public static func attempts(seed: UInt64, order: Order) -> [JSONValue] {
        guard let last = order.json["callInfoDetail"], last.objectValue != nil, let id = order.orderID else { return [] }
        var random = Self.random(seed: seed, orderID: id)
        let statuses = earlierStatuses(&random)
        var earlier: [JSONValue] = []
        // Going back in time from the last call: gaps of half an hour to six hours, now and
        // then none at all (two attempts in the same second).
        var start = order.callStartTs ?? (1_732_406_400 + random.int(0...86_400 * 3))
        var starts: [Int] = []
        for _ in statuses {
            start -= random.chance(0.06) ? 0 : random.int(1_800...21_600)
            starts.append(start)
        }
        for (status, start) in zip(statuses, starts.reversed()) {
            earlier.append(failedAttempt(status: status, start: start, like: last, &random))
        }
        return earlier + [last]
    }

    /// The callStatus of each attempt, oldest first (cheap: for taskStat).
    static func statuses(seed: UInt64, order: Order) -> [Int?] {
        guard let last = order.json["callInfoDetail"], last.objectValue != nil, let id = order.orderID else { return [] }
        var random = Self.random(seed: seed, orderID: id)
        return earlierStatuses(&random).map { $0 } + [order.callStatus]
    }

    /// How many attempts came before the last, and their outcomes (drawn first, so
    /// `statuses` and `attempts` agree).
    private static func earlierStatuses(_ random: inout SeededRandom) -> [Int] {
        let count = random.weighted([(4, 0), (3, 1), (2, 2), (1, 3)])
        return (0..<count).map { _ in random.weighted(failedMix) }
    }

    /// A generator for one order's history: FNV-1a of its id, mixed with the seed.
    static func random(seed: UInt64, orderID: String) -> SeededRandom {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in orderID.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return SeededRandom(seed: h ^ (seed &* 0x9E37_79B9_7F4A_7C15) ^ 0xCA11_5EED)
    }

    /// An unanswered call that ended with `status`, from the same line as `like` mostly,
    /// carrying the order's params (they belong to the order, not the call).
    static func failedAttempt(
        status: Int, start: Int, like last: JSONValue,
        _ random: inout SeededRandom
    ) -> JSONValue {
        let ring = status == 25 ? random.int(55...70) : random.int(3...40)
        var detail: JSONObject = [
            "callID": .string("c-\(random.hex(16))"),
            "callingNumber": random.chance(0.8)
                ? (last["callingNumber"] ?? .null)
                : .string("+6221\(random.int(1_000_000...9_999_999))"),
            "lineAddress": .string(random.pick(["sip:gw1.nx:5060", "sip:gw2.nx:5060", "jkt-trunk-3"])),
            "callStatus": .int(status),
            "callStartTs": .int(start),
            "callAnswerTs": .null,
            "callEndTs": .int(start + ring),
            "callDuration": .int(0),
            "callAudioUrl": .string(""),
            "hangupCause": .string(hangupCause(status)),
            "termSipCode": .string(sipCode(status)),
            "intents": .array([])
        ]
        if let params = last["params"] { detail["params"] = params }
        return .object(detail)
    }

    static func hangupCause(_ status: Int) -> String {
        switch status {
        case 10, 11: return "USER_BUSY"
        case 22, 25: return "NO_ANSWER"
        case 12, 13: return "CALL_REJECTED"
        case 8, 21: return "UNALLOCATED_NUMBER"
        case 6, 24: return "NORMAL_CLEARING"
        default: return "NO_USER_RESPONSE"
        }
    }

    static func sipCode(_ status: Int) -> String {
        switch status {
        case 10, 11: return "486"
        case 22, 25, 9: return "480"
        case 23: return "408"
        case 12, 13: return "603"
        case 8, 21: return "404"
        default: return "200"
        }
    }
}
