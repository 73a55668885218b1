// A counting semaphore for async code: `acquire` waits (cancellably) until a
// permit is free, `release` hands one back or wakes the longest waiter. Bounds
// the detail requests in flight and the batches fetched ahead of the consumer.

import Synchronization

/// Permits for async tasks, first come first served.
final class AsyncPermits: Sendable {
    private struct State {
        var available: Int
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        /// Waiters cancelled before they were registered.
        var cancelled: Set<Int> = []
        var nextID = 0
    }

    private let state: Mutex<State>

    init(_ count: Int) { state = Mutex(State(available: max(0, count))) }

    /// Takes a permit, waiting until one is free; throws `CancellationError` when the
    /// waiting task is cancelled.
    func acquire() async throws {
        let id: Int? = state.withLock { s in
            if s.available > 0 {
                s.available -= 1
                return nil
            }
            s.nextID += 1
            return s.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                enum Now { case go, cancelled, wait }
                let now: Now = state.withLock { s in
                    if s.cancelled.remove(id) != nil { return .cancelled }
                    if s.available > 0 {
                        s.available -= 1
                        return .go
                    }
                    s.waiters.append((id, c))
                    return .wait
                }
                switch now {
                case .go: c.resume()
                case .cancelled: c.resume(throwing: CancellationError())
                case .wait: break
                }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, any Error>? = state.withLock { s in
                if let i = s.waiters.firstIndex(where: { $0.id == id }) { return s.waiters.remove(at: i).continuation }
                s.cancelled.insert(id)
                return nil
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Gives a permit back: to the longest waiter, if any.
    func release() {
        let waiter: CheckedContinuation<Void, any Error>? = state.withLock { s in
            if !s.waiters.isEmpty { return s.waiters.removeFirst().continuation }
            s.available += 1
            return nil
        }
        waiter?.resume()
    }
}
