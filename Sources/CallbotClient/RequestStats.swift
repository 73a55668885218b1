// Counts of HTTP requests a client has sent, for the engine's footer
// ("37 orders, 3 requests, 0.41 s"). Subtract two snapshots for one query.

import Synchronization

/// Requests sent and how many of them were retries.
public struct RequestStats: Sendable, Hashable {
    /// Every attempt sent, retries included.
    public var requests: Int
    /// Attempts after the first of a request.
    public var retries: Int

    public init(requests: Int = 0, retries: Int = 0) {
        self.requests = requests
        self.retries = retries
    }

    /// The requests between an earlier snapshot and this one.
    public static func - (a: RequestStats, b: RequestStats) -> RequestStats {
        RequestStats(requests: a.requests - b.requests, retries: a.retries - b.retries)
    }
}

/// The thread-safe counter behind `CallbotClient.stats`.
final class RequestCounter: Sendable {
    private let state = Mutex(RequestStats())

    func record(retry: Bool) {
        state.withLock {
            $0.requests += 1
            if retry { $0.retries += 1 }
        }
    }

    var snapshot: RequestStats { state.withLock { $0 } }
}
