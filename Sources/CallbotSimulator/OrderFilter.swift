// The listOrder option semantics as one pure function: what the simulator
// answers, and what the integrator's property tests compare pushdown against.
// An unset (nil) or empty list matches everything; ranges apply only when enabled.

import CallbotAPI
import CallqJSON

/// The server-side filter of listOrder options.
public enum OrderFilter {
    /// Whether `order` (with hidden `turns`) passes every set option:
    /// - `orderID`: its id is in the list;
    /// - `intentID`/`intentName`/`intentTag`: any of its intents has one of the values;
    /// - `finish`: 1 incomplete, 2 completed (any other value matches nothing);
    /// - `turnTime`/`callDuration` with `enable`: strictly between `gt` and `lt`;
    /// - `callStatus`: its last call's status is in the list.
    /// A field the option tests that is missing or null in the order fails the test.
    public static func matches(_ options: ListOrderOptions, order: Order, turns: Int) -> Bool {
        matches(options, facts: OrderFacts(order: order, turns: turns))
    }

    /// The same test over pre-extracted facts (what the simulator uses per request).
    public static func matches(_ options: ListOrderOptions, facts: OrderFacts) -> Bool {
        if let ids = options.orderID, !ids.isEmpty {
            guard let id = facts.orderID, ids.contains(id) else { return false }
        }
        if let wanted = options.intentID, !wanted.isEmpty,
            !facts.intentIDs.contains(where: wanted.contains)
        {
            return false
        }
        if let wanted = options.intentName, !wanted.isEmpty,
            !facts.intentNames.contains(where: wanted.contains)
        {
            return false
        }
        if let wanted = options.intentTag, !wanted.isEmpty,
            !facts.intentTags.contains(where: wanted.contains)
        {
            return false
        }
        if let finish = options.finish {
            switch (finish, facts.finish) {
            case (1, false?), (2, true?): break
            default: return false
            }
        }
        if let range = options.turnTime, range.enable {
            guard range.gt < facts.turns, facts.turns < range.lt else { return false }
        }
        if let range = options.callDuration, range.enable {
            guard let d = facts.callDuration, range.gt < d, d < range.lt else { return false }
        }
        if let statuses = options.callStatus, !statuses.isEmpty {
            guard let s = facts.callStatus, statuses.contains(s) else { return false }
        }
        return true
    }
}

/// The few fields of an order the filter looks at, extracted once.
public struct OrderFacts: Sendable, Hashable {
    public var orderID: String?
    public var finish: Bool?
    public var callStatus: Int?
    public var callDuration: Int?
    public var intentIDs: [String]
    public var intentNames: [String]
    public var intentTags: [String]
    public var turns: Int

    public init(order: Order, turns: Int) {
        let json = order.json
        orderID = json["orderID"]?.stringValue
        if case .bool(let b)? = json["finish"] { finish = b } else { finish = nil }
        let detail = json["callInfoDetail"]
        callStatus = detail?["callStatus"]?.intValue
        callDuration = detail?["callDuration"]?.intValue
        let intents = detail?["intents"]?.arrayValue ?? []
        intentIDs = intents.compactMap { $0["intentID"]?.stringValue }
        intentNames = intents.compactMap { $0["intentName"]?.stringValue }
        intentTags = intents.compactMap { $0["intentTag"]?.stringValue }
        self.turns = turns
    }
}
