// The reply of listOrderDetail: the status envelope and `orderDetailList`, each
// entry keeping its exact bytes and each attempt's (SPEC §1.4). Decoding is
// tolerant like every reply: missing, null or mistyped fields become absent.

import CallqJSON

/// A decoded listOrderDetail reply.
public struct ListOrderDetailReply: Sendable {
    public var status: ReplyStatus
    /// The entries in reply order. Elements of `orderDetailList` that are not objects are dropped.
    public var details: [OrderDetail]
    /// What `orderDetailList` was in the reply (an array, unless the reply is malformed).
    public var listForm: ListOrderReply.OrderListForm

    public init(status: ReplyStatus, details: [OrderDetail], listForm: ListOrderReply.OrderListForm = .array) {
        self.status = status
        self.details = details
        self.listForm = listForm
    }

    public var retCode: RetCode? { status.retCode }
    public var retMsg: String? { status.retMsg }
    public var responseID: String? { status.responseID }

    /// The key of the entry list.
    public static let listKey = "orderDetailList"

    /// Decodes a reply body. Throws only when the body is not JSON at all.
    public static func decode(_ body: [UInt8]) throws(JSONParseError) -> ListOrderDetailReply {
        let (json, ranges) = try JSONParser.parse(body, capturingElementsOf: listKey)
        let status = ReplyStatus(json: json)
        switch json[listKey] {
        case .array(let items)?:
            var details: [OrderDetail] = []
            details.reserveCapacity(items.count)
            let exact = items.count == ranges.count
            for (k, item) in items.enumerated() {
                guard case .object = item else { continue }
                details.append(exact ? OrderDetail(raw: Array(body[ranges[k]]), json: item) : OrderDetail(json: item))
            }
            return ListOrderDetailReply(status: status, details: details, listForm: .array)
        case nil, .null?:
            return ListOrderDetailReply(status: status, details: [], listForm: .absent)
        case let other?:
            return ListOrderDetailReply(status: status, details: [], listForm: .other(ListOrderReply.typeName(other)))
        }
    }

    /// Encodes a reply the way the server does: the envelope, then the entries' raw bytes.
    public func encode() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + details.reduce(0) { $0 + $1.raw.count + 1 })
        out.append(contentsOf: Array("{\"retCode\":".utf8))
        JSONWriter.appendInt(status.retCode?.rawValue ?? 1, to: &out)
        out.append(contentsOf: Array(",\"retMsg\":".utf8))
        JSONWriter.appendString(status.retMsg ?? "", to: &out)
        out.append(contentsOf: Array(",\"responseID\":".utf8))
        JSONWriter.appendString(status.responseID ?? "", to: &out)
        out.append(contentsOf: Array(",\"orderDetailList\":[".utf8))
        for (i, detail) in details.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: detail.raw)
        }
        out.append(contentsOf: Array("]}".utf8))
        return out
    }
}
