// Bounds on reply bodies: one reply may hold at most `max_reply` bytes (a declared
// Content-Length above it is refused before the body is read), and replies that
// are not known to be small are read a few at a time, so a server that ignores
// `size` cannot make `concurrency` huge bodies pile up in memory at once.

/// A reply body larger than the limit.
struct ReplyTooLarge: Error, Sendable {
    var maxBytes: Int
    /// The Content-Length the server declared, when that is what was refused.
    var declared: Int?
    var status: Int

    var message: String {
        let size = declared.map { "declares \(ReplyGate.text($0)), " } ?? "holds "
        return "\(size)more than max_reply = \(ReplyGate.text(maxBytes)); the server may be ignoring "
            + "`size` (lower `set size`) — or raise `set max_reply`"
    }
}

/// What an attempt may receive: the byte limit and the permits for large bodies.
struct ReplyGate: Sendable {
    var maxBytes: Int
    var permits: AsyncPermits

    /// Large (or undeclared) bodies read at the same time, per client.
    static let largeRepliesAtOnce = 4
    /// Bodies declared at most this long are read without a permit.
    static let smallReply = 1 << 20

    /// Checks the declared length and, for a large or undeclared body, waits for a
    /// permit; returns what gives it back (nil when none was taken).
    func admit(declared: Int?, status: Int) async throws -> (@Sendable () -> Void)? {
        if let declared {
            if declared > maxBytes { throw ReplyTooLarge(maxBytes: maxBytes, declared: declared, status: status) }
            if declared <= Self.smallReply { return nil }
        }
        try await permits.acquire()
        let permits = self.permits
        return { permits.release() }
    }

    /// Bytes as a person reads them: `64 MB`, `512 KB`, `900 bytes`.
    static func text(_ n: Int) -> String {
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MB" }
        if n >= 1 << 20 { return "\((Double(n) / Double(1 << 20) * 10).rounded() / 10) MB" }
        if n >= 1 << 10, n % (1 << 10) == 0 { return "\(n >> 10) KB" }
        return "\(n) bytes"
    }
}
