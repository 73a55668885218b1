// Settings of a Callbot client: where, who, how long to wait, how often to
// retry, how strictly to check reply signatures and how long id lists may be.

import CallbotAPI

/// How reply signatures are checked (`set verify = strict|auto|off`).
public enum VerifyMode: String, Sendable, Hashable, CaseIterable {
    /// Every reply must carry a valid signature.
    case strict
    /// A reply that carries a signature must be valid; unsigned replies pass.
    case auto
    /// Signatures are not checked.
    case off
}

/// Configuration of a `CallbotClient`.
public struct CallbotClientConfig: Sendable {
    /// e.g. `https://nxbot.nxcloud.com` (no trailing slash needed).
    public var baseURL: String
    public var credentials: Credentials
    /// Time allowed for one attempt, headers and body.
    public var timeout: Duration
    /// Attempts per request, the first included (SPEC §5: default 5).
    public var maxAttempts: Int
    /// Backoff before retry n is random in 0...min(cap, base × 2^(n-1)) (full jitter).
    public var backoffBase: Duration
    public var backoffCap: Duration
    /// Longest `Retry-After` honoured; longer values are clipped to this.
    public var retryAfterCap: Duration
    public var verify: VerifyMode
    /// Longest id/intent/status list sent in one request; longer lists are split.
    public var idsPerList: Int
    /// Most bytes one reply body may hold (`set max_reply`); a larger reply fails, unretried.
    public var maxReplyBytes: Int = 64 << 20
    /// Told what the client does that the user should know of: a wait asked by
    /// `Retry-After`, a page holding more orders than asked for. Nil: silent.
    public var notice: (@Sendable (String) -> Void)?

    public init(
        baseURL: String, credentials: Credentials, timeout: Duration = .seconds(30),
        maxAttempts: Int = 5, backoffBase: Duration = .milliseconds(200),
        backoffCap: Duration = .seconds(5), retryAfterCap: Duration = .seconds(60),
        verify: VerifyMode = .auto, idsPerList: Int = 100
    ) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.credentials = credentials
        self.timeout = timeout
        self.maxAttempts = max(1, maxAttempts)
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.retryAfterCap = retryAfterCap
        self.verify = verify
        self.idsPerList = max(1, idsPerList)
    }
}
