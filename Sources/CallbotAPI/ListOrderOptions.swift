// The filter options of listOrder (SPEC §1.3): what the planner pushes down and
// what the simulator applies. Serialized with only the set keys, in a fixed order,
// so request bodies (and their signatures, and explain output) are stable.
import CallqJSON

/// A `{gt, lt, enable}` range option (`callDuration`, `turnTime`): strictly between.
public struct RangeOption: Sendable, Hashable {
    /// Sent for an open lower bound.
    public static let openLow = -1
    /// Sent for an open upper bound.
    public static let openHigh = 2_147_483_647

    public var gt: Int
    public var lt: Int
    public var enable: Bool

    public init(gt: Int = RangeOption.openLow, lt: Int = RangeOption.openHigh, enable: Bool = true) {
        self.gt = gt
        self.lt = lt
        self.enable = enable
    }

    public var json: JSONValue { ["gt": .int(gt), "lt": .int(lt), "enable": .bool(enable)] }

    /// Tolerant decode: missing bounds are open, missing `enable` is true.
    public init?(json: JSONValue?) {
        guard let o = json?.objectValue else { return nil }
        gt = o["gt"]?.intValue ?? RangeOption.openLow
        lt = o["lt"]?.intValue ?? RangeOption.openHigh
        enable = o["enable"]?.boolValue ?? true
    }

    /// Whether `value` lies strictly between the bounds.
    public func contains(_ value: Int) -> Bool { value > gt && value < lt }
}

/// The `options` object of a listOrder request. `nil` means unset.
public struct ListOrderOptions: Sendable, Hashable {
    public var orderID: [String]?
    public var intentID: [String]?
    public var intentName: [String]?
    public var intentTag: [String]?
    /// 1 = incomplete orders, 2 = completed orders.
    public var finish: Int?
    public var turnTime: RangeOption?
    public var callDuration: RangeOption?
    public var callStatus: [Int]?

    public init(
        orderID: [String]? = nil, intentID: [String]? = nil, intentName: [String]? = nil,
        intentTag: [String]? = nil, finish: Int? = nil, turnTime: RangeOption? = nil,
        callDuration: RangeOption? = nil, callStatus: [Int]? = nil
    ) {
        self.orderID = orderID
        self.intentID = intentID
        self.intentName = intentName
        self.intentTag = intentTag
        self.finish = finish
        self.turnTime = turnTime
        self.callDuration = callDuration
        self.callStatus = callStatus
    }

    /// True when no option is set (the request returns every order of the task).
    public var isEmpty: Bool { self == ListOrderOptions() }

    /// The options object with only the set keys, in the documented order.
    public var json: JSONValue {
        var o = JSONObject()
        func strings(_ key: String, _ v: [String]?) {
            if let v { o.members.append(.init(key, .array(v.map { .string($0) }))) }
        }
        strings("orderID", orderID)
        strings("intentID", intentID)
        strings("intentName", intentName)
        strings("intentTag", intentTag)
        if let finish { o.members.append(.init("finish", .int(finish))) }
        if let turnTime { o.members.append(.init("turnTime", turnTime.json)) }
        if let callDuration { o.members.append(.init("callDuration", callDuration.json)) }
        if let callStatus { o.members.append(.init("callStatus", .array(callStatus.map { .int($0) }))) }
        return .object(o)
    }

    /// Tolerant decode of an options object (`null` values mean unset).
    public init(json: JSONValue) {
        func strings(_ key: String) -> [String]? {
            guard let a = json[key]?.arrayValue else { return nil }
            return a.compactMap { v in
                if case .string(let s) = v { return s }
                if case .int(let n) = v { return String(n) }
                return nil
            }
        }
        orderID = strings("orderID")
        intentID = strings("intentID")
        intentName = strings("intentName")
        intentTag = strings("intentTag")
        finish = json["finish"]?.intValue
        turnTime = RangeOption(json: json["turnTime"])
        callDuration = RangeOption(json: json["callDuration"])
        callStatus = json["callStatus"]?.arrayValue.map { $0.compactMap(\.intValue) }
    }
}

/// A listOrder request body: `{"productID","userTaskID","options","page","size"}`.
public struct ListOrderRequest: Sendable, Hashable {
    public var productID: String
    public var userTaskID: String
    public var options: ListOrderOptions
    public var page: Int
    public var size: Int

    public init(
        userTaskID: String, options: ListOrderOptions = .init(), page: Int = 1, size: Int = 100,
        productID: String = "callbot"
    ) {
        self.productID = productID
        self.userTaskID = userTaskID
        self.options = options
        self.page = page
        self.size = size
    }

    public var json: JSONValue {
        [
            "productID": .string(productID), "userTaskID": .string(userTaskID),
            "options": options.json, "page": .int(page), "size": .int(size)
        ]
    }

    /// The exact bytes sent (and signed).
    public var body: [UInt8] { JSONWriter.bytes(json) }
}
