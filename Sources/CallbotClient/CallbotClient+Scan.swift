// Opening order scans and counting: splits over-long lists (and halves a
// list again when the server answers 4001), fetches the first page of each
// part, and builds the ordered page plan the scan then walks.

import CallbotAPI
import CallqJSON

extension CallbotClient {
    /// Opens a scan of the orders of `task` matching `options`.
    ///
    /// Fetches the first page of `pages` (default 1…) now — of each part when an
    /// id list is longer than `idsPerList` or the server answers 4001 — so the
    /// caller can read `totalCount`/`pageCount` (e.g. to enforce a page budget)
    /// before iterating fetches the rest with at most `concurrency` requests in flight.
    /// With a split request the page range applies to each part.
    public func orderScan(
        task: String, options: ListOrderOptions, pages: ClosedRange<Int>? = nil,
        size: Int = 100, concurrency: Int = 4
    ) async throws -> OrderScan {
        let size = max(1, size)
        let first = max(1, pages?.lowerBound ?? 1)
        let last = pages?.upperBound ?? Int.max
        let parts = try await firstPages(
            task: task, parts: OptionSplitter.split(options, limit: config.idsPerList),
            page: first, size: size, concurrency: concurrency)
        let concurrency = max(1, concurrency)
        let ahead = OrderScan.lookahead(concurrency: concurrency)
        var slots: [OrderScan.Slot] = []
        var total = 0, pageCount = 0
        var plannedLastPages: [Int] = []
        for (index, (_, reply)) in parts.enumerated() {
            let count = try Self.totalCount(reply, size: size, page: first)
            total += count
            slots.append(
                .ready(
                    OrderPage(
                        userTaskID: task, part: index, page: first, orders: reply.orders,
                        totalCount: reply.totalCount)))
            let planned = min(last, max(first, OrderScan.pages(total: count, size: size)))
            plannedLastPages.append(planned)
            pageCount += planned - first + 1
            // Slots are made a window ahead (the driver adds the rest as pages come in), so
            // a huge totalCount costs no memory; an empty first page ends its part at once.
            guard !reply.orders.isEmpty else { continue }
            let lastSlot = min(planned, first.addingReportingOverflow(ahead).overflow ? Int.max : first + ahead)
            if lastSlot > first {
                for p in (first + 1)...lastSlot { slots.append(.fetch(part: index, page: p)) }
            }
        }
        return OrderScan(
            userTaskID: task, totalCount: total, pageCount: pageCount, parts: parts.count, slots: slots,
            client: self, size: size, concurrency: concurrency, lastPage: last,
            partOptions: parts.map(\.0), plannedLastPages: plannedLastPages)
    }

    /// The number of orders of `task` matching `options`: one `size 1` request
    /// (per part of a split request; a split over intents scans to count distinct orders).
    public func count(task: String, options: ListOrderOptions) async throws -> Int {
        let split = OptionSplitter.split(options, limit: config.idsPerList)
        let parts = try await firstPages(task: task, parts: split, page: 1, size: 1, concurrency: 4)
        if parts.count == 1 || OptionSplitter.partsAreDisjoint(parts.map(\.0), of: options) {
            var total = 0
            for (_, reply) in parts {
                let count = try Self.totalCount(reply, size: 1, page: 1)
                try Self.checkCountReply(reply, total: count)
                total += count
            }
            return total
        }
        let scan = try await orderScan(task: task, options: options, size: 100, concurrency: 4)
        var n = 0
        for try await page in scan { n += page.orders.count }
        return n
    }

    /// Page `page` of each part, in part order; a part answered with 4001 is
    /// halved and its halves take its place.
    private func firstPages(
        task: String, parts: [ListOrderOptions], page: Int, size: Int,
        concurrency: Int
    ) async throws -> [(ListOrderOptions, ListOrderReply)] {
        if parts.count == 1 {
            return try await firstPage(task: task, options: parts[0], page: page, size: size)
        }
        return try await withThrowingTaskGroup(of: (Int, [(ListOrderOptions, ListOrderReply)]).self) { group in
            var results = [[(ListOrderOptions, ListOrderReply)]](repeating: [], count: parts.count)
            var nextIndex = 0
            func launch() {
                let i = nextIndex, options = parts[i]
                nextIndex += 1
                group.addTask { (i, try await self.firstPage(task: task, options: options, page: page, size: size)) }
            }
            while nextIndex < min(parts.count, max(1, concurrency)) { launch() }
            while let (i, r) = try await group.next() {
                results[i] = r
                if nextIndex < parts.count { launch() }
            }
            return results.flatMap { $0 }
        }
    }

    private func firstPage(
        task: String, options: ListOrderOptions, page: Int,
        size: Int
    ) async throws -> [(ListOrderOptions, ListOrderReply)] {
        do {
            let reply = try await listOrder(ListOrderRequest(userTaskID: task, options: options, page: page, size: size))
            return [(options, reply)]
        } catch let error as CallbotError where error.retCode == .tooManyElements {
            guard let halves = OptionSplitter.halve(options) else { throw error }
            var out: [(ListOrderOptions, ListOrderReply)] = []
            for half in halves { out += try await firstPage(task: task, options: half, page: page, size: size) }
            return out
        }
    }

    /// The reply's totalCount; a reply without a usable one is accepted only when it
    /// is evidently the last page.
    static func totalCount(_ reply: ListOrderReply, size: Int, page: Int) throws -> Int {
        if let total = reply.totalCount { return total }
        guard reply.orders.count < size else {
            throw malformedReply(reply, "has no totalCount (missing, negative, above 2^53 or not a number)")
        }
        let largest = ListOrderReply.largestTotalCount
        guard let before = OrderScan.ordersBefore(page: page, size: size), before <= largest else { return largest }
        return min(largest, before + reply.orders.count)
    }
}
