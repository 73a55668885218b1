// The engine room of `OrderScan`: a window of page requests over the scan's
// slots. At most `concurrency` requests run at once; a finished request starts
// the next at once (no waiting for the head page), while pages fetched but not
// yet handed out stay at most 2 × concurrency. A page is handed out only when
// it and all before it are in. The window opens when the page after the one
// fetched at opening is asked for, so a consumer content with that first page
// (a small `limit`) costs one request.
//
// Offset paging over a task that is still dialing shifts rows: orders added at
// the front push every row later. A page fetched *before* its predecessor saw
// fewer orders than that predecessor, so rows that slid off the predecessor's
// end onto it are missing from it. Such a page (its totalCount is below one
// already handed out for the same part) is fetched again before it is handed
// out; the fresh copy starts early enough to close the gap, and the old copy
// still holds the rows past the fresh copy's end. De-duplication (by orderID
// near the newest rows, by rank beyond them: OrderScan+Dedup) removes the overlap
// at a cost that does not grow with the scan.
//
// A server that ignores `size` answers every page with far more orders than asked
// (#27-7). Once a page shows it, the window narrows to one request ahead and the
// pages fetched but not yet handed out are dropped (fetched again in turn): memory
// holds a page or two, not 2 × concurrency of them.

import CallbotAPI
import Synchronization

/// Runs one iteration of a scan. Cancels its requests when dropped or cancelled.
final class ScanDriver: Sendable {
    private struct Key: Hashable { var part: Int; var page: Int }

    private struct State {
        var slots: [OrderScan.Slot]
        var next = 0
        var tasks: [Key: Task<OrderPage, any Error>] = [:]
        var dedup: ScanDeduplicator
        /// The totalCount of the page last handed out, by part.
        var handedTotal: [Int: Int] = [:]
        var finished = false
        /// Requests started and not yet finished.
        var running = 0
        /// A page held more orders than `size`: one request ahead at most (see the note at the top).
        var oversize = false
    }

    private let scan: OrderScan
    private let state: Mutex<State>

    init(scan: OrderScan) {
        self.scan = scan
        var initial = State(
            slots: scan.slots,
            dedup: ScanDeduplicator(
                size: scan.size, concurrency: scan.concurrency,
                partOptions: scan.partOptions))
        initial.oversize = scan.slots.contains { slot in
            if case .ready(let page) = slot { return page.orders.count > scan.size }
            return false
        }
        state = Mutex(initial)
    }

    deinit { cancelAll() }

    /// OrderIDs the de-duplication remembers now (it must not grow with the scan).
    var rememberedIDs: Int { state.withLock { $0.dedup.remembered } }

    func next() async throws -> OrderPage? {
        enum Work { case done, ready(OrderPage), wait(Task<OrderPage, any Error>) }
        let work: Work = state.withLock { s in
            guard !s.finished, s.next < s.slots.count else { return .done }
            let slot = s.slots[s.next]
            if case .ready(let page) = slot {
                // Fetched when the scan opened. No request starts yet: a `limit` the
                // first page satisfies ends the scan here, after one request.
                s.next += 1
                return .ready(page)
            }
            fillWindow(&s)
            launch(&s, slot: s.next)  // the head page is always requested
            s.next += 1
            guard case .fetch(let part, let page) = slot else { return .done }
            return .wait(s.tasks.removeValue(forKey: Key(part: part, page: page))!)
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
        let copies: [ScanDeduplicator.Copy]
        (page, copies) = try await refreshedIfStale(page)
        state.withLock { s in
            if let total = page.totalCount { s.handedTotal[page.part] = total }
            let empty = page.orders.isEmpty  // as the server sent it
            page.orders = s.dedup.fresh(copies, part: page.part, page: page.page)
            if empty { endPart(&s, page.part) } else { extend(&s, after: page) }
            if case .wait = work { fillWindow(&s) }
        }
        return page
    }

    /// `page` again, fetched now, followed by the rows of the old copy, when the
    /// old copy predates a page already handed out (see the note at the top); and the
    /// copies it is made of, for de-duplication.
    private func refreshedIfStale(_ page: OrderPage) async throws -> (OrderPage, [ScanDeduplicator.Copy]) {
        let stale = state.withLock { s in
            guard let total = page.totalCount, let handed = s.handedTotal[page.part] else { return false }
            return total < handed
        }
        let old = ScanDeduplicator.Copy(orders: page.orders, totalCount: page.totalCount)
        guard stale else { return (page, [old]) }
        let reply = try await scan.client.listOrder(
            scan.request(part: page.part, page: page.page), keyPaths: scan.keyPaths, filter: scan.filter)
        let merged = OrderPage(
            userTaskID: page.userTaskID, part: page.part, page: page.page,
            orders: reply.orders + page.orders, totalCount: reply.totalCount ?? page.totalCount)
        return (merged, [ScanDeduplicator.Copy(orders: reply.orders, totalCount: reply.totalCount), old])
    }

    /// Adds fetch slots, a window ahead, up to what `page`'s part planned or `page` reports.
    private func extend(_ s: inout State, after page: OrderPage) {
        let wanted = scan.lastPageToPlan(after: page)
        var lastIndex: Int?
        var lastPage = 0
        for (i, slot) in s.slots.enumerated() {
            switch slot {
            case .ready(let p) where p.part == page.part:
                lastIndex = i
                lastPage = p.page
            case .fetch(let part, let p) where part == page.part:
                lastIndex = i
                lastPage = p
            default: continue
            }
        }
        guard let lastIndex, wanted > lastPage, lastIndex + 1 >= s.next else { return }
        let added = ((lastPage + 1)...wanted).map { OrderScan.Slot.fetch(part: page.part, page: $0) }
        s.slots.insert(contentsOf: added, at: lastIndex + 1)
    }

    /// An empty page ends its part, whatever totalCount claimed: its later slots go
    /// and their requests are cancelled.
    private func endPart(_ s: inout State, _ part: Int) {
        var i = s.next
        while i < s.slots.count {
            guard case .fetch(part, let page) = s.slots[i] else { i += 1; continue }
            s.tasks.removeValue(forKey: Key(part: part, page: page))?.cancel()
            s.slots.remove(at: i)
        }
    }

    /// Starts requests for the next unstarted fetch slots while fewer than
    /// `concurrency` run and fewer than 2 × `concurrency` pages wait to be handed out.
    private func fillWindow(_ s: inout State) {
        guard !s.finished else { return }
        var i = s.next
        let concurrency = s.oversize ? 1 : scan.concurrency
        while i < s.slots.count, s.running < concurrency, s.tasks.count < 2 * concurrency {
            defer { i += 1 }
            launch(&s, slot: i)
        }
    }

    /// Starts the request of slot `i` unless it is not a fetch or already started.
    private func launch(_ s: inout State, slot i: Int) {
        guard case .fetch(let part, let page) = s.slots[i],
            s.tasks[Key(part: part, page: page)] == nil
        else { return }
        let client = scan.client, task = scan.userTaskID, request = scan.request(part: part, page: page)
        let keyPaths = scan.keyPaths, filter = scan.filter, size = scan.size
        s.running += 1
        s.tasks[Key(part: part, page: page)] = Task { [weak self] in
            defer { self?.requestFinished() }
            let reply = try await client.listOrder(request, keyPaths: keyPaths, filter: filter)
            if reply.orders.count > size { self?.narrow(keeping: Key(part: part, page: page)) }
            return OrderPage(
                userTaskID: task, part: part, page: page, orders: reply.orders,
                totalCount: reply.totalCount)
        }
    }

    /// A page held more orders than `size`: from now on one request ahead at most, and the
    /// other pages in flight or waiting are dropped (their slots are fetched again in turn).
    private func narrow(keeping key: Key) {
        let dropped = state.withLock { s -> [Task<OrderPage, any Error>] in
            guard !s.oversize else { return [] }
            s.oversize = true
            let others = s.tasks.filter { $0.key != key }
            for k in others.keys { s.tasks.removeValue(forKey: k) }
            return Array(others.values)
        }
        for t in dropped { t.cancel() }
    }

    /// A request ended: start the next one.
    private func requestFinished() {
        state.withLock { s in
            s.running -= 1
            fillWindow(&s)
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
