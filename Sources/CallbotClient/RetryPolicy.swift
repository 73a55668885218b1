// When and how long to wait before the next attempt (SPEC §5): capped
// exponential backoff with full jitter, at least what Retry-After asks.

/// Backoff computation for one client.
struct RetryPolicy: Sendable {
    var base: Duration
    var cap: Duration
    var retryAfterCap: Duration

    /// The wait before attempt `failures + 1`, after `failures` failed attempts.
    func delay(afterFailures failures: Int, retryAfter: Duration?) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let ceiling = min(cap.seconds, base.seconds * Double(1 << exponent))
        var wait = ceiling > 0 ? Double.random(in: 0...ceiling) : 0
        if let retryAfter { wait = max(wait, min(retryAfter.seconds, retryAfterCap.seconds)) }
        return .milliseconds(Int64((wait * 1000).rounded()))
    }

    /// A wait as a person reads it: `500 ms`, `12 s`, `1 day`.
    static func text(_ d: Duration) -> String {
        let s = d.seconds
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        if s >= 86_400, s.truncatingRemainder(dividingBy: 86_400) == 0 {
            return s == 86_400 ? "1 day" : "\(Int(s / 86_400)) days"
        }
        return s.rounded() == s ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }

    /// Parses a `Retry-After` header given in seconds (HTTP dates are ignored).
    static func retryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Double(value.filter { $0 != " " }), seconds >= 0
        else { return nil }
        // A day at most here (the client's cap is lower still): `1e300` or `inf` must not trap.
        return .milliseconds(Int64(Swift.min(seconds, 86_400) * 1000))
    }
}
