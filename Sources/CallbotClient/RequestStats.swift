// Counts of HTTP requests a client has sent, for the engine's footer
// ("37 orders, 3 requests, 0.41 s"), in total and per endpoint. Subtract two
// snapshots for one query.

import CallbotAPI
import Synchronization

/// Requests sent and how many of them were retries.
public struct RequestStats: Sendable, Hashable {
    /// Every attempt sent, retries included.
    public var requests: Int
    /// Attempts after the first of a request.
    public var retries: Int
    /// Attempts sent per endpoint, retries included (endpoints never asked are absent).
    public var perEndpoint: [CallbotEndpoint: Int]

    public init(requests: Int = 0, retries: Int = 0, perEndpoint: [CallbotEndpoint: Int] = [:]) {
        self.requests = requests
        self.retries = retries
        self.perEndpoint = perEndpoint
    }

    /// Attempts sent to `endpoint`, retries included.
    public func requests(to endpoint: CallbotEndpoint) -> Int { perEndpoint[endpoint] ?? 0 }

    /// The requests between an earlier snapshot and this one.
    public static func - (a: RequestStats, b: RequestStats) -> RequestStats {
        var per = a.perEndpoint
        for (endpoint, n) in b.perEndpoint { per[endpoint, default: 0] -= n }
        return RequestStats(
            requests: a.requests - b.requests, retries: a.retries - b.retries,
            perEndpoint: per.filter { $0.value != 0 })
    }
}

/// The thread-safe counter behind `CallbotClient.stats`.
final class RequestCounter: Sendable {
    private let state = Mutex(RequestStats())

    func record(_ endpoint: CallbotEndpoint, retry: Bool) {
        state.withLock {
            $0.requests += 1
            $0.perEndpoint[endpoint, default: 0] += 1
            if retry { $0.retries += 1 }
        }
    }

    var snapshot: RequestStats { state.withLock { $0 } }
}
