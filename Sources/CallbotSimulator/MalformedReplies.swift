// The corpus of malformed listOrder replies (`callq sim --malformed KIND`): each
// kind is one realistic way a gateway or a buggy server garbles a reply. The
// kinds and their bytes live here only; the html and short-body faults use them too.

import CallbotAPI
import CallqJSON

/// Malformed replies, by kind, made from the reply the simulator would have sent.
public enum MalformedReply {
    /// One way a reply goes wrong. The raw value is the name `--malformed` takes.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An nginx "502 Bad Gateway" HTML page with HTTP 502 (unsigned).
        case html
        /// An HTML log-in page with HTTP 200, as a misconfigured proxy sends (unsigned).
        case loginPage = "login-page"
        /// HTTP 200 with an empty body (unsigned).
        case empty
        /// The JSON cut in half; the signature is of the whole reply, as when a proxy cuts it.
        case truncated
        /// `retMsg` in GBK ("成功"), not UTF-8; signed over the bytes sent.
        case notUTF8 = "not-utf8"
        /// A value nested 10 000 levels deep in the envelope.
        case deep
        /// Every envelope field null: retCode, retMsg, responseID, totalCount, orderList.
        case nulls
        /// Orders whose every field is null (callInfoDetail's too), but for orderID;
        /// the page's last order has a null orderID as well.
        case nullFields = "null-fields"
        /// Numbers sent as strings: retCode "0", totalCount "57", callStatus "10", …
        case stringsForNumbers = "strings-for-numbers"
        /// retCode 0 and the real totalCount, but no orderList key.
        case missingOrderList = "missing-orderlist"
        /// orderList is the page's first order itself, not an array (an XML-to-JSON habit).
        case orderListObject = "orderlist-object"
        /// orderList starts with elements that are not objects: null, a string, a number.
        case nonObjectOrders = "non-object-orders"
        /// totalCount 10^12 with an empty orderList.
        case hugeTotal = "huge-total"
    }

    /// The bytes to send and what to sign.
    struct Garbled: Sendable {
        var status = 200
        var contentType = "application/json"
        var body: [UInt8]
        /// The bytes the signature headers cover; nil sends the reply unsigned (a gateway's page).
        var signedBody: [UInt8]?
    }

    /// The totalCount of `huge-total`.
    public static let hugeTotal = 1_000_000_000_000

    /// The page a gateway sends when the server behind it is down.
    static let badGatewayPage = Array(
        """
        <html>\r
        <head><title>502 Bad Gateway</title></head>\r
        <body>\r
        <center><h1>502 Bad Gateway</h1></center>\r
        <hr><center>nginx</center>\r
        </body>\r
        </html>\r\n
        """.utf8)

    /// The page a proxy wanting a log-in sends, with HTTP 200.
    static let loginPage = Array("<html><head><title>Gateway</title></head><body>Please log in.</body></html>\n".utf8)

    /// `reply` (a correct listOrder reply) garbled the way `kind` says.
    static func make(_ kind: Kind, from reply: ListOrderReply) -> Garbled {
        let good = reply.encode()
        switch kind {
        case .html:
            return Garbled(status: 502, contentType: "text/html", body: badGatewayPage)
        case .loginPage:
            return Garbled(contentType: "text/html", body: loginPage)
        case .empty:
            return Garbled(body: [])
        case .truncated:
            return Garbled(body: truncated(good), signedBody: good)
        case .notUTF8:
            var status = reply.status
            status.retMsg = "@@GBK@@"
            let marked = ListOrderReply(status: status, totalCount: reply.totalCount, orders: reply.orders).encode()
            let body = replacing(Array("@@GBK@@".utf8), with: [0xB3, 0xC9, 0xB9, 0xA6], in: marked)
            return signed(body)
        case .deep:
            let depth = 10_000
            let nest = Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
            let body: [UInt8] = Array("{\"debug\":".utf8) + nest + [UInt8(ascii: ",")] + Array(good.dropFirst())
            return signed(body)
        case .nulls:
            return signed(Array(#"{"retCode":null,"retMsg":null,"responseID":null,"totalCount":null,"orderList":null}"#.utf8))
        case .nullFields:
            let orders = reply.orders.enumerated().map { i, order in
                Order(json: nulled(order.json, keepOrderID: i < reply.orders.count - 1))
            }
            return signed(ListOrderReply(status: reply.status, totalCount: reply.totalCount, orders: orders).encode())
        case .stringsForNumbers:
            var out = envelope(
                reply, retCode: .string("0"),
                totalCount: reply.totalCount.map { .string(String($0)) } ?? .null)
            out["orderList"] = .array(reply.orders.map { stringified($0.json) })
            return signed(JSONWriter.bytes(.object(out)))
        case .missingOrderList:
            return signed(JSONWriter.bytes(.object(envelope(reply))))
        case .orderListObject:
            var out = envelope(reply)
            out["orderList"] = reply.orders.first?.json ?? .object([:])
            return signed(JSONWriter.bytes(.object(out)))
        case .nonObjectOrders:
            var out = envelope(reply)
            out["orderList"] = .array([.null, .string("orderID"), .int(7)] + reply.orders.map(\.json))
            return signed(JSONWriter.bytes(.object(out)))
        case .hugeTotal:
            return signed(ListOrderReply(status: reply.status, totalCount: hugeTotal, orders: []).encode())
        }
    }

    /// The first half of a body: JSON that ends early.
    static func truncated(_ body: [UInt8]) -> [UInt8] { Array(body[0..<(body.count / 2)]) }

    private static func signed(_ body: [UInt8]) -> Garbled { Garbled(body: body, signedBody: body) }

    /// retCode, retMsg, responseID and totalCount of `reply`, optionally replaced.
    private static func envelope(
        _ reply: ListOrderReply, retCode: JSONValue? = nil,
        totalCount: JSONValue? = nil
    ) -> JSONObject {
        var o = JSONObject()
        o["retCode"] = retCode ?? .int(reply.retCode?.rawValue ?? 0)
        o["retMsg"] = .string(reply.retMsg ?? "")
        o["responseID"] = .string(reply.responseID ?? "")
        o["totalCount"] = totalCount ?? reply.totalCount.map { JSONValue.int($0) } ?? .null
        return o
    }

    /// An order with every member null (nested objects' members too), orderID kept when asked.
    private static func nulled(_ order: JSONValue, keepOrderID: Bool) -> JSONValue {
        guard case .object(var o) = order else { return order }
        for i in o.members.indices {
            let m = o.members[i]
            if m.key == "orderID" && keepOrderID { continue }
            if case .object = m.value {
                o.members[i].value = nulled(m.value, keepOrderID: false)
            } else {
                o.members[i].value = .null
            }
        }
        return .object(o)
    }

    /// A value with every number and boolean replaced by its text.
    private static func stringified(_ v: JSONValue) -> JSONValue {
        switch v {
        case .int(let n): return .string(String(n))
        case .double(let d): return .string(String(d))
        case .bool(let b): return .string(b ? "true" : "false")
        case .array(let a): return .array(a.map(stringified))
        case .object(var o):
            for i in o.members.indices { o.members[i].value = stringified(o.members[i].value) }
            return .object(o)
        case .null, .string: return v
        }
    }

    /// `bytes` with the first occurrence of `pattern` replaced.
    private static func replacing(_ pattern: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        guard pattern.count <= bytes.count else { return bytes }
        for i in 0...(bytes.count - pattern.count) where bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
            return Array(bytes[..<i]) + replacement + Array(bytes[(i + pattern.count)...])
        }
        return bytes
    }
}
