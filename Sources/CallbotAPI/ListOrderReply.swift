// The reply of listOrder: status, totalCount and the orders, each keeping the
// exact bytes the server sent (so NDJSON output passes them through unchanged),
// parsed whole or only along the key paths a query reads.

import CallqJSON

/// A decoded listOrder reply.
public struct ListOrderReply: Sendable {
    public var status: ReplyStatus
    /// nil when the reply has no usable `totalCount`: missing, not an integer, negative,
    /// or above `largestTotalCount`.
    public var totalCount: Int?
    /// The orders, in reply order. Elements of `orderList` that are not objects are dropped.
    public var orders: [Order]
    /// What `orderList` was in the reply (an array, unless the reply is malformed).
    public var orderListForm: OrderListForm

    /// The form `orderList` came in.
    public enum OrderListForm: Sendable, Hashable {
        /// An array (possibly empty).
        case array
        /// Missing or null.
        case absent
        /// Another JSON type, named (`an object`, `a string`, …).
        case other(String)
    }

    /// Larger counts are not believed (2^53, the largest integer every JSON reader keeps
    /// exactly): such a totalCount reads as nil, and sums of counts cannot overflow.
    public static let largestTotalCount = 1 << 53

    public init(status: ReplyStatus, totalCount: Int?, orders: [Order], orderListForm: OrderListForm = .array) {
        self.status = status
        self.totalCount = totalCount
        self.orders = orders
        self.orderListForm = orderListForm
    }

    public var retCode: RetCode? { status.retCode }
    public var retMsg: String? { status.retMsg }
    public var responseID: String? { status.responseID }

    /// Decodes a reply body. Throws only when the body is not JSON at all;
    /// missing, null or mistyped fields become nil or empty.
    ///
    /// With `keyPaths` (what a query reads of each order, `CheckedQuery.touchedPaths`), each
    /// order is parsed selectively: its `json` holds only the members on those paths and its
    /// `orderID`, while `raw` keeps the exact bytes the server sent. The body is validated
    /// whole either way, so a malformed reply fails exactly as it does without them.
    public static func decode(_ body: [UInt8], keyPaths: [[String]]? = nil) throws(JSONParseError) -> ListOrderReply {
        let json: JSONValue
        let ranges: [Range<Int>]
        let selective = keyPaths.map(selection(for:))
        if let selective, !selective.keepsEverything {
            (json, ranges) = try JSONParser.parseCapturing(body, selecting: selective)
        } else {
            (json, ranges) = try JSONParser.parse(body, capturingElementsOf: "orderList")
        }
        if case .array(let items)? = json["orderList"], items.count != ranges.count {
            // Repeated orderList keys: read whole, so that re-written orders lose nothing.
            if selective != nil { return try decode(body) }
            // The captured bytes are ambiguous: the orders are re-written.
            return assemble(json) { _, item in item.objectValue == nil ? nil : Order(json: item) }
        }
        return assemble(json) { k, item in
            item.objectValue == nil ? nil : Order(raw: Array(body[ranges[k]]), json: item)
        }
    }

    /// The reply a decoded body stands for: its envelope, and of each element `k` of its
    /// orderList array, `order(k, element)` (nil drops it: elements that are not objects).
    static func assemble(_ json: JSONValue, order: (Int, JSONValue) -> Order?) -> ListOrderReply {
        let status = ReplyStatus(json: json)
        let total = json["totalCount"].flatMap(\.lenientInt).flatMap { (0...largestTotalCount).contains($0) ? $0 : nil }
        var orders: [Order] = []
        let form: OrderListForm
        switch json["orderList"] {
        case .array(let items)?:
            form = .array
            orders.reserveCapacity(items.count)
            for (k, item) in items.enumerated() {
                if let o = order(k, item) { orders.append(o) }
            }
        case nil, .null?: form = .absent
        case let other?: form = .other(Self.typeName(other))
        }
        return ListOrderReply(status: status, totalCount: total, orders: orders, orderListForm: form)
    }

    /// What a selective decode keeps: the envelope, and of each order `keyPaths` and its orderID.
    static func selection(for keyPaths: [[String]]) -> JSONSelection {
        JSONSelection.list(
            "orderList", elements: JSONSelection(paths: keyPaths + [["orderID"]]),
            envelope: envelopeKeys)
    }

    /// The members of the envelope a decode reads.
    static let envelopeKeys = ["retCode", "retMsg", "responseID", "totalCount"]

    /// `an object`, `a string`, … for messages about a mistyped value.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Encodes a reply the way the server does: the envelope, then the orders' raw bytes.
    public func encode() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + orders.reduce(0) { $0 + $1.raw.count + 1 })
        out.append(contentsOf: Array("{\"retCode\":".utf8))
        out.append(contentsOf: Array(String(status.retCode?.rawValue ?? 1).utf8))
        out.append(contentsOf: Array(",\"retMsg\":".utf8))
        JSONWriter.appendString(status.retMsg ?? "", to: &out)
        out.append(contentsOf: Array(",\"responseID\":".utf8))
        JSONWriter.appendString(status.responseID ?? "", to: &out)
        if let totalCount {
            out.append(contentsOf: Array(",\"totalCount\":\(totalCount)".utf8))
        }
        out.append(contentsOf: Array(",\"orderList\":[".utf8))
        for (i, order) in orders.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: order.raw)
        }
        out.append(contentsOf: Array("]}".utf8))
        return out
    }
}
