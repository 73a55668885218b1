// One call order as the API sent it: the exact bytes (so NDJSON output can pass
// them through untouched) and the parsed object (so queries can look inside).
// Typed accessors are tolerant: a missing, null or mistyped field reads as nil.
import CallqJSON

/// A call order: raw JSON bytes plus the parsed object.
public struct Order: Sendable {
    /// The order's JSON exactly as received (or as written, for built orders).
    public let raw: [UInt8]
    /// The parsed order object.
    public let json: JSONValue
    /// True for an order a page filter dropped (`ListOrderReply.decode(_:filter:)`): it holds
    /// only its `orderID` (and no bytes), so that de-duplication still sees it; whoever reads
    /// the scan drops it.
    public let isFilteredOut: Bool

    /// Parses an order from its JSON bytes.
    public init(raw: [UInt8]) throws(JSONParseError) {
        self.raw = raw
        self.json = try JSONParser.parse(raw)
        isFilteredOut = false
    }

    /// Wraps an already parsed order; `raw` is its compact serialization.
    public init(json: JSONValue) {
        self.json = json
        self.raw = JSONWriter.bytes(json)
        isFilteredOut = false
    }

    /// Pairs bytes with their already parsed value (they must agree).
    public init(raw: [UInt8], json: JSONValue) {
        self.raw = raw
        self.json = json
        isFilteredOut = false
    }

    /// An order a page filter dropped, standing in for it by its `orderID` value (see `isFilteredOut`).
    public static func filteredOut(orderID: JSONValue?) -> Order {
        Order(filteredOut: .object(JSONObject(orderID.map { [JSONObject.Member("orderID", $0)] } ?? [])))
    }

    private init(filteredOut json: JSONValue) {
        raw = []
        self.json = json
        isFilteredOut = true
    }

    public var orderID: String? { Order.text(json["orderID"]) }
    public var userTaskID: String? { Order.text(json["userTaskID"]) }
    public var userPhone: String? { Order.text(json["userPhone"]) }
    public var userName: String? { Order.text(json["userName"]) }
    public var finish: Bool? { json["finish"]?.boolValue }
    /// `callInfoDetail`, when it is an object.
    public var callInfo: JSONValue? { json["callInfoDetail"].flatMap { $0.objectValue != nil ? $0 : nil } }
    public var callStatus: Int? { Order.integer(callInfo?["callStatus"]) }
    public var callDuration: Int? { Order.integer(callInfo?["callDuration"]) }
    public var callStartTs: Int? { Order.integer(callInfo?["callStartTs"]) }
    /// Names of the last call's intents (empty when there are none).
    public var intentNames: [String] {
        (callInfo?["intents"]?.arrayValue ?? []).compactMap { Order.text($0["intentName"]) }
    }

    /// A string field; numbers are accepted as their decimal text.
    static func text(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: return s
        case .int(let n)?: return String(n)
        default: return nil
        }
    }

    /// An integer field; a string of digits is accepted too.
    static func integer(_ v: JSONValue?) -> Int? {
        switch v {
        case .string(let s)?: return Int(s)
        case let v?: return v.intValue
        case nil: return nil
        }
    }
}
