// How far a scan plans ahead: page counts from totalCount without overflow, and
// fetch slots made only a window ahead of the page delivered, so a reply claiming
// 10^12 orders neither allocates 10^10 slots nor sends more than its pages hold.

extension OrderScan {
    /// Fetch slots exist at most this many pages ahead of the page just delivered:
    /// more than the driver's window (`concurrency` running, 2 × `concurrency` waiting).
    static func lookahead(concurrency: Int) -> Int { 2 * concurrency + 2 }

    /// Pages needed for `total` orders at `size` per page.
    static func pages(total: Int, size: Int) -> Int {
        let size = Swift.max(1, size)
        return Swift.max(0, total) / size + (Swift.max(0, total) % size == 0 ? 0 : 1)
    }

    /// How many orders come before page `page` at `size` per page; nil when that overflows.
    static func ordersBefore(page: Int, size: Int) -> Int? {
        let (before, overflow) = Swift.max(0, page - 1).multipliedReportingOverflow(by: Swift.max(1, size))
        return overflow ? nil : before
    }

    /// The last page of `page`'s part that should have a fetch slot once `page` is
    /// delivered: what the part's first page planned or what `page` reports (a task still
    /// dialing grows), within the page range, and at most a window ahead of `page`.
    func lastPageToPlan(after page: OrderPage) -> Int {
        let reported = page.totalCount.map { Self.pages(total: $0, size: size) } ?? 0
        let planned = plannedLastPages.indices.contains(page.part) ? plannedLastPages[page.part] : 0
        let (window, overflow) = page.page.addingReportingOverflow(Self.lookahead(concurrency: concurrency))
        return Swift.min(lastPage, Swift.max(planned, reported), overflow ? Int.max : window)
    }
}
