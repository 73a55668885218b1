// How raw failures become `CallbotError`s: transport problems, unreadable
// replies (where they break, with the status, content type and a glimpse of
// what came instead), API codes.

import AsyncHTTPClient
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
        // Our own limit, or AsyncHTTPClient's deadline (the same limit) when it fires first.
        if error is TransportTimeout || (error as? HTTPClientError) == .deadlineExceeded {
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

    /// A body that is not JSON, with where it breaks and what came instead.
    func malformed(_ endpoint: CallbotEndpoint, _ http: HTTPReply, _ error: JSONParseError) -> CallbotError {
        if http.body.isEmpty { return unreadable(endpoint, http, "is empty") }
        return unreadable(endpoint, http, "is not valid JSON at byte \(error.offset): \(error.message)")
    }

    /// A body that cannot be read at all (retried): `what`, then what was received.
    func unreadable(_ endpoint: CallbotEndpoint, _ http: HTTPReply, _ what: String) -> CallbotError {
        CallbotError(kind: .malformedReply, endpoint: endpoint, httpStatus: http.status,
                     detail: "\(what); received HTTP \(http.status), \(Self.received(http))", unreadable: true)
    }

    /// What a reply consisted of, for messages: content type, length, first characters
    /// (`text/html, 157 bytes: "<html>…"`). Headers beyond Content-Type are never shown.
    static func received(_ http: HTTPReply) -> String {
        let type = http.header("Content-Type").map { $0.isEmpty ? "empty Content-Type" : $0 } ?? "no Content-Type"
        let size = http.body.count == 1 ? "1 byte" : "\(http.body.count) bytes"
        return http.body.isEmpty ? "\(type), \(size)" : "\(type), \(size): \(snippet(http.body))"
    }

    func apiError(_ endpoint: CallbotEndpoint, _ status: ReplyStatus, _ http: HTTPReply) -> CallbotError {
        CallbotError(kind: .api, endpoint: endpoint, retCode: status.retCode, retMsg: status.retMsg,
                     responseID: status.responseID, httpStatus: http.status)
    }

    /// The first 60 bytes of a body, quoted; runs of white space and control characters
    /// are shown as one space, bytes that are not UTF-8 as `\xB3`.
    static func snippet(_ body: [UInt8]) -> String {
        var text = ""
        var i = 0
        let end = min(body.count, 60)
        while i < end {
            let b = body[i]
            if b < 0x20 || b == 0x7F {
                if !text.hasSuffix(" ") { text += " " }
                i += 1
            } else if b < 0x80 {
                text.unicodeScalars.append(Unicode.Scalar(b))
                i += 1
            } else if case let (scalar, length)? = Self.scalar(in: body, at: i), i + length <= end {
                text.unicodeScalars.append(scalar)
                i += length
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                text += "\\x" + (hex.count < 2 ? "0" : "") + hex
                i += 1
            }
        }
        return "\"" + text + (body.count > end ? "…" : "") + "\""
    }

    /// The UTF-8 scalar starting at `i` and its length, when the bytes there are valid.
    private static func scalar(in body: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
        let lead = body[i]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, i + length <= body.count,
              UTF8Check.firstInvalidByte(Array(body[i..<(i + length)])) == nil else { return nil }
        var decoder = UTF8()
        var iterator = body[i..<(i + length)].makeIterator()
        guard case .scalarValue(let s) = decoder.decode(&iterator) else { return nil }
        return (s, length)
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
