// The one error type of the client. It says which endpoint failed and how,
// quoting retCode, retMsg, responseID and HTTP status when there are any;
// it never contains the secret key.

import CallbotAPI

/// A failed Callbot call.
public struct CallbotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// The API answered with a non-zero retCode.
        case api
        /// An HTTP status other than 200 (after retries when retryable).
        case http
        /// The reply is unreadable (empty, not UTF-8, not JSON: see `unreadable`) or
        /// readable but unusable (no retCode, no orderList).
        case malformedReply
        /// The reply's signature is missing (strict) or does not match.
        case signature
        /// The connection failed, dropped, or timed out.
        case transport
        /// The request could not be made (bad base URL, bad arguments).
        case invalidRequest
    }

    public var kind: Kind
    public var endpoint: CallbotEndpoint
    public var retCode: RetCode?
    public var retMsg: String?
    public var responseID: String?
    public var httpStatus: Int?
    /// Human detail (parse position, transport error, …).
    public var detail: String
    /// Attempts made, retries included.
    public var attempts: Int
    /// A malformed reply whose body could not be read at all (empty, not UTF-8, not JSON):
    /// garbage from a gateway or a cut connection, retried like a dropped connection.
    public var unreadable: Bool
    /// A transport error because the server refused the connection (nothing listening).
    /// Retried only when the client has had a reply from the server before (a server
    /// restarting); a server never reached fails at once, as curl does.
    public var connectionRefused = false

    public init(
        kind: Kind, endpoint: CallbotEndpoint, retCode: RetCode? = nil, retMsg: String? = nil,
        responseID: String? = nil, httpStatus: Int? = nil, detail: String = "", attempts: Int = 1,
        unreadable: Bool = false
    ) {
        self.kind = kind
        self.endpoint = endpoint
        self.retCode = retCode
        self.retMsg = retMsg
        self.responseID = responseID
        self.httpStatus = httpStatus
        self.detail = detail
        self.attempts = attempts
        self.unreadable = unreadable
    }

    public var description: String {
        var s: String
        switch kind {
        case .api:
            let code = retCode.map { "retCode \($0.rawValue) (\($0.meaning))" } ?? "an error"
            s = "\(endpoint) failed with \(code)"
            if let retMsg, !retMsg.isEmpty { s += ": \(retMsg)" }
        case .http:
            s = "\(endpoint) failed: HTTP \(httpStatus.map(String.init) ?? "?")"
            if !detail.isEmpty { s += ", \(detail)" }
        case .malformedReply:
            s = "reply from \(endpoint) \(detail)"
            if !unreadable, let httpStatus, httpStatus != 200 { s += " (HTTP \(httpStatus))" }
        case .signature:
            s = "reply from \(endpoint) refused: \(detail)"
        case .transport:
            s = "\(endpoint) failed: \(detail)"
        case .invalidRequest:
            s = "\(endpoint) not sent: \(detail)"
        }
        if let responseID, !responseID.isEmpty { s += " [responseID \(responseID)]" }
        if attempts > 1 { s += " (after \(attempts) attempts)" }
        return s
    }

    /// Whether the request may succeed when simply sent again.
    public var isRetryable: Bool {
        switch kind {
        case .api: return retCode?.isRetryable ?? false
        case .http: return httpStatus.map { $0 == 429 || $0 >= 500 } ?? false
        case .transport: return true
        case .malformedReply: return unreadable
        case .signature, .invalidRequest: return false
        }
    }
}
