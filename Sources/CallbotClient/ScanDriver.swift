// The engine room of `OrderScan`: a sliding window of page requests over the
// scan's slots. A page is handed out only when it and all before it are in;
// the window never holds more than `concurrency` pages fetched or in flight.

import CallbotAPI
import Synchronization

/// Runs one iteration of a scan. Cancels its requests when dropped or cancelled.
final class ScanDriver: Sendable {
    private struct State {
        var next = 0
        var tasks: [Int: Task<OrderPage, any Error>] = [:]
        var seen = Set<String>()
        var finished = false
    }

    private let scan: OrderScan
    private let state = Mutex(State())

    init(scan: OrderScan) { self.scan = scan }

    deinit { cancelAll() }

    func next() async throws -> OrderPage? {
        enum Work { case done, ready(OrderPage), wait(Task<OrderPage, any Error>) }
        let work: Work = state.withLock { s in
            guard !s.finished, s.next < scan.slots.count else { return .done }
            fillWindow(&s)
            let i = s.next
            s.next += 1
            switch scan.slots[i] {
            case .ready(let page): return .ready(page)
            case .fetch: return .wait(s.tasks.removeValue(forKey: i)!)
            }
        }
        var page: OrderPage
        switch work {
        case .done:
            return nil
        case .ready(let p):
            page = p
        case .wait(let task):
            do {
                page = try await withTaskCancellationHandler {
                    try await task.value
                } onCancel: {
                    task.cancel()
                    self.cancelAll()
                }
                try Task.checkCancellation()
            } catch {
                task.cancel()
                cancelAll()
                throw error
            }
        }
        state.withLock { s in
            page.orders.removeAll { order in
                guard let id = order.json["orderID"]?.stringValue else { return false }
                return !s.seen.insert(id).inserted
            }
            fillWindow(&s)
        }
        return page
    }

    /// Starts the requests of the fetch slots in `next ..< next + concurrency`.
    private func fillWindow(_ s: inout State) {
        guard !s.finished else { return }
        let end = min(scan.slots.count, s.next + scan.concurrency)
        guard s.next < end else { return }
        for i in s.next..<end where s.tasks[i] == nil {
            guard case .fetch(let part, let options, let page) = scan.slots[i] else { continue }
            let client = scan.client, task = scan.userTaskID, size = scan.size
            s.tasks[i] = Task {
                let reply = try await client.listOrder(ListOrderRequest(userTaskID: task, options: options,
                                                                        page: page, size: size))
                return OrderPage(userTaskID: task, part: part, page: page, orders: reply.orders,
                                 totalCount: reply.totalCount)
            }
        }
    }

    /// Cancels every request in flight and ends the iteration.
    func cancelAll() {
        let tasks = state.withLock { s in
            s.finished = true
            let t = Array(s.tasks.values)
            s.tasks.removeAll()
            return t
        }
        for t in tasks { t.cancel() }
    }
}
