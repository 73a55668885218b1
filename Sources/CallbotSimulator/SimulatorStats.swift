// Request counters of a running simulator: total, per endpoint, in flight and
// the maximum in flight. Tests assert on them (retries, overlap, early stop).

import Synchronization

/// A snapshot of the simulator's request counters.
public struct SimulatorStats: Sendable, Hashable {
    /// Requests received (any path).
    public var requests = 0
    /// Requests per endpoint name (`listOrder`, `listTask`, `ping`, `other`).
    public var perEndpoint: [String: Int] = [:]
    /// Requests being handled right now.
    public var inFlight = 0
    /// The most requests handled at once since the last reset.
    public var maxInFlight = 0
    /// Faults injected, by kind (`busy`, `error`, `truncate`, `mutate`, `tamper`, `html`, `short`,
    /// `malformed-KIND`).
    public var faults: [String: Int] = [:]
    /// Authenticated requests whose requestID was already seen (a client must make a fresh one each attempt).
    public var repeatedRequestIDs = 0
    /// The order ids of every valid listOrderDetail request, in the order received (tests check
    /// what a `calls` query asks for).
    public var detailOrderIDs: [String] = []
    /// How many valid listOrderDetail requests carried each number of ids.
    public var detailBatchSizes: [Int] = []

    public init() {}

    /// Requests to one endpoint.
    public func count(_ endpoint: String) -> Int { perEndpoint[endpoint] ?? 0 }
}

/// Thread-safe counters behind `SimulatorStats`.
final class StatsCounter: Sendable {
    private let state = Mutex(SimulatorStats())

    func begin(_ endpoint: String) {
        state.withLock {
            $0.requests += 1
            $0.perEndpoint[endpoint, default: 0] += 1
            $0.inFlight += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
        }
    }

    func end() { state.withLock { $0.inFlight -= 1 } }

    func askedDetails(_ ids: [String]) {
        state.withLock {
            $0.detailOrderIDs += ids
            $0.detailBatchSizes.append(ids.count)
        }
    }

    func fault(_ kind: String) { state.withLock { $0.faults[kind, default: 0] += 1 } }

    private let requestIDs = Mutex(Set<String>())

    /// Notes an authenticated request's id; counts it when it was seen before.
    func sawRequestID(_ id: String) {
        let repeated = requestIDs.withLock { !$0.insert(id).inserted }
        if repeated { state.withLock { $0.repeatedRequestIDs += 1 } }
    }

    var snapshot: SimulatorStats { state.withLock { $0 } }

    /// Zeroes every counter except the requests in flight right now.
    func reset() {
        state.withLock {
            let inFlight = $0.inFlight
            $0 = SimulatorStats()
            $0.inFlight = inFlight
            $0.maxInFlight = inFlight
        }
    }
}
