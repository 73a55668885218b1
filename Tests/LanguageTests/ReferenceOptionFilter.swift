// A reference implementation of listOrder's documented option semantics
// (SPEC §1.3), used to check pushdown: strict gt/lt when enabled, finish 1/2,
// lists match any, intents match any intent; turnTime uses a hidden count.

import CallbotAPI
import CallqJSON

enum ReferenceOptionFilter {
    /// True when the server would return `order` (whose hidden turn count is `turns`) for `options`.
    static func matches(_ o: ListOrderOptions, order: JSONValue, turns: Int) -> Bool {
        let call = order["callInfoDetail"]
        if let ids = o.orderID {
            guard case .string(let id)? = order["orderID"], ids.contains(id) else { return false }
        }
        let intents = call?["intents"]?.arrayValue ?? []
        func anyIntent(_ key: String, in list: [String]?) -> Bool {
            guard let list else { return true }
            return intents.contains { i in
                if case .string(let s)? = i[key] { return list.contains(s) }
                return false
            }
        }
        guard anyIntent("intentID", in: o.intentID), anyIntent("intentName", in: o.intentName),
            anyIntent("intentTag", in: o.intentTag)
        else { return false }
        if let f = o.finish {
            guard case .bool(let done)? = order["finish"], done == (f == 2) else { return false }
        }
        if let r = o.turnTime, r.enable, !(turns > r.gt && turns < r.lt) { return false }
        if let r = o.callDuration, r.enable {
            guard case .int(let d)? = call?["callDuration"], d > r.gt, d < r.lt else { return false }
        }
        if let st = o.callStatus {
            guard case .int(let s)? = call?["callStatus"], st.contains(s) else { return false }
        }
        return true
    }
}
