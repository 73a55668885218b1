// De-duplication of a scan's pages at a cost independent of the result's size.
//
// The driver's model (ScanDriver): between requests, orders are added at the front
// of the list (a task still dialing), so every row keeps its distance from the
// *end* of the list: its rank, totalCount − 1 − position, is the same in every
// reply. Rows are handed out in falling rank, so a later page can only repeat rows
// at or above the lowest rank handed out so far — the newest ones, as many as the
// list grew between two fetches. The orderIDs of the rows within a window of that
// lowest rank are remembered (the window widens with the largest rise of
// totalCount from one page to the next);
// a row ranked where ids were forgotten is a repeat by its rank alone. Under the
// model that is exact; a row added elsewhere is still caught by its id while it
// is within the window. Parts of a split request whose lists can share orders
// (intents) remember every id instead: an order may come in each part.

import CallbotAPI

/// Which rows of a page were handed out before, per part of a scan.
struct ScanDeduplicator: Sendable {
    /// Rows of the newest pages whose ids are always kept (more as the task grows).
    let baseWindow: Int
    let size: Int
    /// Every id handed out, when the parts' lists can share orders.
    private var everything: OrderIDSet?
    private var parts: [Int: PartState] = [:]

    struct PartState: Sendable {
        /// The lowest rank handed out so far.
        var lowestRank = Int.max
        /// The highest rank handed out so far.
        var highestRank = Int.min
        /// Rows ranked from here to `highestRank` were handed out and their ids forgotten.
        var forgottenFrom = Int.max
        /// Remembered ids, and (in hand-out order) their ranks.
        var ids: Set<String> = []
        var queue: [(id: String, rank: Int)] = []
        var head = 0
        /// The totalCount of the page handed out last, and the largest rise from one page to the next.
        var lastTotal: Int?
        var largestRise = 0
    }

    /// One reply's rows of a page: their totalCount (nil: not given) and the orders.
    struct Copy {
        var orders: [Order]
        var totalCount: Int?
    }

    init(size: Int, concurrency: Int, partOptions: [ListOrderOptions]) {
        self.size = max(1, size)
        baseWindow = self.size * (OrderScan.lookahead(concurrency: concurrency) + 2)
        let shared = OptionSplitter.listKeys.contains { key in
            !OptionSplitter.disjointKeys.contains(key)
                && partOptions.contains { $0.json[key] != partOptions.first?.json[key] }
        }
        everything = shared ? OrderIDSet() : nil
    }

    /// Ids remembered now (for tests: it must not grow with the scan).
    var remembered: Int { parts.values.reduce(0) { $0 + $1.ids.count } + (everything?.count ?? 0) }

    /// The rows of page `page` of `part` not handed out before, in order: the copies as
    /// fetched (a page fetched again comes first, then the older copy).
    mutating func fresh(_ copies: [Copy], part: Int, page: Int) -> [Order] {
        // Taken out of the dictionary while it changes: a copy left there would make the first
        // insert copy the whole window of ids, once a page.
        var state = parts.removeValue(forKey: part) ?? PartState()
        if let total = copies.first?.totalCount {
            if let last = state.lastTotal, total > last { state.largestRise = max(state.largestRise, total - last) }
            state.lastTotal = total
        }
        var out: [Order] = []
        let before = OrderScan.ordersBefore(page: page, size: size)
        for copy in copies {
            for (i, order) in copy.orders.enumerated() {
                let rank = copy.totalCount.flatMap { t in before.map { t - 1 - ($0 + i) } }
                guard let id = order.orderID else { out.append(order); continue }
                if everything != nil {
                    if everything!.insert(id) { out.append(order) }
                    continue
                }
                if state.ids.contains(id) { continue }
                // Handed out, its id forgotten (rows above every rank handed out are new ones).
                if let rank, rank >= state.forgottenFrom, rank <= state.highestRank { continue }
                state.ids.insert(id)
                out.append(order)
                // A row without a rank (no totalCount: a last page) stays remembered.
                guard let rank else { continue }
                state.queue.append((id, rank))
                state.lowestRank = min(state.lowestRank, rank)
                state.highestRank = max(state.highestRank, rank)
            }
        }
        forget(&state)
        parts[part] = state
        return out
    }

    /// Drops the ids ranked a window or more above the lowest rank handed out.
    private func forget(_ state: inout PartState) {
        guard state.lowestRank != Int.max else { return }
        let (window, o1) = baseWindow.addingReportingOverflow(state.largestRise.multipliedReportingOverflow(by: 4).partialValue)
        let (limit, o2) = state.lowestRank.addingReportingOverflow(window)
        guard !o1, !o2 else { return }
        while state.head < state.queue.count, state.queue[state.head].rank >= limit {
            let (id, rank) = state.queue[state.head]
            state.ids.remove(id)
            state.forgottenFrom = min(state.forgottenFrom, rank)
            state.head += 1
        }
        if state.head > 4096, state.head * 2 > state.queue.count {
            state.queue.removeFirst(state.head)
            state.head = 0
        }
    }
}
