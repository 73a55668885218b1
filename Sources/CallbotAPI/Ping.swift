// ping: the round-trip check (SPEC §1.4). `{"data":"x"}` is answered with
// `{data, timestamp, code, msg, reqId}` — no retCode envelope.

import CallqJSON

/// A ping request body.
public struct PingRequest: Sendable, Hashable {
    public var data: String
    public init(data: String = "callq") { self.data = data }
    public var json: JSONValue { .object(["data": .string(data)]) }
    public var body: [UInt8] { JSONWriter.bytes(json) }
}

/// A decoded ping reply; every field may be missing.
public struct PingReply: Sendable, Hashable {
    public var data: String?
    /// Server time, epoch seconds or milliseconds as the server sends it.
    public var timestamp: Int?
    public var code: Int?
    public var msg: String?
    public var reqId: String?

    public init(data: String?, timestamp: Int?, code: Int?, msg: String?, reqId: String?) {
        self.data = data
        self.timestamp = timestamp
        self.code = code
        self.msg = msg
        self.reqId = reqId
    }

    public init(json: JSONValue) {
        data = json["data"]?.lenientString
        timestamp = json["timestamp"]?.lenientInt
        code = json["code"]?.lenientInt
        msg = json["msg"]?.lenientString
        reqId = json["reqId"]?.lenientString
    }

    public var json: JSONValue {
        var o = JSONObject()
        if let data { o["data"] = .string(data) }
        if let timestamp { o["timestamp"] = .int(timestamp) }
        if let code { o["code"] = .int(code) }
        if let msg { o["msg"] = .string(msg) }
        if let reqId { o["reqId"] = .string(reqId) }
        return .object(o)
    }
}
