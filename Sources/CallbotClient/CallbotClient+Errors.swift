// How raw failures become `CallbotError`s: transport problems, non-JSON
// replies (with the byte offset and a glimpse of what came instead), API codes.

import CallbotAPI
import CallqJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CallbotClient {
    func transportError(_ endpoint: CallbotEndpoint, _ error: any Error) -> CallbotError {
        let what: String
        if error is TransportTimeout {
            what = "no complete reply within \(config.timeout.seconds.formatted2) s"
        } else {
            let text = String(describing: error)
            if text.contains("invalidURL") || text.contains("emptyHost") || text.contains("emptyScheme") {
                return CallbotError(kind: .invalidRequest, endpoint: endpoint,
                                    detail: "invalid base URL \(config.baseURL)")
            }
            what = text
        }
        return CallbotError(kind: .transport, endpoint: endpoint, detail: "\(config.baseURL): \(what)")
    }

    func malformed(_ endpoint: CallbotEndpoint, _ http: HTTPReply, _ error: JSONParseError) -> CallbotError {
        let detail: String
        if http.body.isEmpty {
            detail = "is empty"
        } else {
            detail = "is not valid JSON at byte \(error.offset): \(error.message); it starts with \(Self.snippet(http.body))"
        }
        return CallbotError(kind: .malformedReply, endpoint: endpoint, httpStatus: http.status, detail: detail)
    }

    func apiError(_ endpoint: CallbotEndpoint, _ status: ReplyStatus, _ http: HTTPReply) -> CallbotError {
        CallbotError(kind: .api, endpoint: endpoint, retCode: status.retCode, retMsg: status.retMsg,
                     responseID: status.responseID, httpStatus: http.status)
    }

    /// The first 60 characters of a body, quoted, control characters shown as spaces.
    static func snippet(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(60), as: UTF8.self)
            .map { $0.isNewline || $0 == "\t" ? " " : String($0) }.joined()
        return "\"" + text + (body.count > 60 ? "…" : "") + "\""
    }

    /// A fresh request id: 32 lowercase hex digits.
    static func newRequestID() -> String {
        var g = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(g.next() & 15)] })
    }

    static func nowSeconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts.tv_sec
    }
}

extension Double {
    /// Up to two decimals, no trailing zeros ("30", "0.5").
    var formatted2: String {
        let r = (self * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
