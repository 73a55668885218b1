// The reply of listOrder: status, totalCount and the orders, each keeping the
// exact bytes the server sent (so NDJSON output passes them through unchanged).

import CallqJSON

/// A decoded listOrder reply.
public struct ListOrderReply: Sendable {
    public var status: ReplyStatus
    /// nil when the reply has no integer `totalCount`.
    public var totalCount: Int?
    /// The orders, in reply order. Elements of `orderList` that are not objects are dropped.
    public var orders: [Order]

    public init(status: ReplyStatus, totalCount: Int?, orders: [Order]) {
        self.status = status
        self.totalCount = totalCount
        self.orders = orders
    }

    public var retCode: RetCode? { status.retCode }
    public var retMsg: String? { status.retMsg }
    public var responseID: String? { status.responseID }

    /// Decodes a reply body. Throws only when the body is not JSON at all;
    /// missing, null or mistyped fields become nil or empty.
    public static func decode(_ body: [UInt8]) throws(JSONParseError) -> ListOrderReply {
        let (json, ranges) = try JSONParser.parse(body, capturingElementsOf: "orderList")
        let status = ReplyStatus(json: json)
        let total = json["totalCount"].flatMap(\.lenientInt)
        var orders: [Order] = []
        if case .array(let items)? = json["orderList"], items.count == ranges.count {
            orders.reserveCapacity(items.count)
            for (item, range) in zip(items, ranges) {
                guard case .object = item else { continue }
                orders.append(Order(raw: Array(body[range]), json: item))
            }
        }
        return ListOrderReply(status: status, totalCount: total, orders: orders)
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
