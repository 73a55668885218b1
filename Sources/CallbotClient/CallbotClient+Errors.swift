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
            what = "no complete reply within \(RetryPolicy.text(config.timeout))"
        } else {
            let text = String(describing: error)
            if text.contains("invalidURL") || text.contains("emptyHost") || text.contains("emptyScheme")
                || text.contains("unsupportedScheme")
            {
                return CallbotError(
                    kind: .invalidRequest, endpoint: endpoint,
                    detail: "invalid base URL \(config.baseURL) (it must start with http:// or https://)")
            }
            if Self.isConnectionRefused(error) {
                var e = CallbotError(
                    kind: .transport, endpoint: endpoint,
                    detail: "connection refused by \(Self.hostAndPort(config.baseURL))"
                        + " (is a server running at \(config.baseURL)?)")
                e.connectionRefused = true
                return e
            }
            what = text
        }
        return CallbotError(kind: .transport, endpoint: endpoint, detail: "\(config.baseURL): \(what)")
    }

    /// Whether `error` says the server refused the connection (ECONNREFUSED): NIO's errors
    /// are looked into without importing NIO (an `errnoCode` anywhere inside them).
    static func isConnectionRefused(_ error: any Error) -> Bool {
        func search(_ value: Any, depth: Int) -> Bool {
            guard depth < 6 else { return false }
            for child in Mirror(reflecting: value).children {
                if child.label == "errnoCode", let code = child.value as? CInt { return code == ECONNREFUSED }
                if search(child.value, depth: depth + 1) { return true }
            }
            return false
        }
        return search(error, depth: 0) || String(describing: error).contains("Connection refused")
    }

    /// `host:port` of a base URL, with the scheme's default port when none is given.
    static func hostAndPort(_ baseURL: String) -> String {
        var rest = Substring(baseURL)
        var port = "80"
        if let r = rest.range(of: "://") {
            if rest[..<r.lowerBound].lowercased() == "https" { port = "443" }
            rest = rest[r.upperBound...]
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPart = authority.split(separator: "@").last.map(Substring.init) ?? authority
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {  // [::1]:8080
            let after = hostPart[hostPart.index(after: close)...]
            return after.hasPrefix(":") ? String(hostPart) : "\(hostPart):\(port)"
        }
        return hostPart.contains(":") ? String(hostPart) : "\(hostPart):\(port)"
    }

    /// A body that is not JSON, with where it breaks and what came instead.
    func malformed(_ endpoint: CallbotEndpoint, _ http: HTTPReply, _ error: JSONParseError) -> CallbotError {
        if http.body.isEmpty { return unreadable(endpoint, http, "is empty") }
        return unreadable(endpoint, http, "is not valid JSON at byte \(error.offset): \(error.message)")
    }

    /// A body that cannot be read at all (retried): `what`, then what was received.
    func unreadable(_ endpoint: CallbotEndpoint, _ http: HTTPReply, _ what: String) -> CallbotError {
        CallbotError(
            kind: .malformedReply, endpoint: endpoint, httpStatus: http.status,
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
        CallbotError(
            kind: .api, endpoint: endpoint, retCode: status.retCode, retMsg: status.retMsg,
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
            UTF8Validation.firstInvalidByte(Array(body[i..<(i + length)])) == nil
        else { return nil }
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
