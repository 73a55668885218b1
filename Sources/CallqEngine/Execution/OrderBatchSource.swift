// The scans behind a query, as one pull-based stream of record batches: the API's
// orders (every request of every task, opened concurrently, then read in order and
// de-duplicated by orderID), its task list, or a saved file. Pulling is the
// back-pressure: no page is fetched further ahead than the pager's window.
import CallbotAPI
import CallbotClient
import CallqJSON
import CallqPlanner
import Synchronization

/// Pulls batches of orders from wherever the query reads.
protocol OrderBatchSource {
    mutating func next() async throws -> [Order]?
    /// True when the batches are already filtered by the residual (and counted as scanned).
    var appliesResidual: Bool { get }
}

extension OrderBatchSource {
    var appliesResidual: Bool { false }
}

/// Reads the API: each request of each task, in task order.
struct ApiBatchSource: OrderBatchSource {
    let tasks: [TaskPlan]
    let paging: PagingPlan
    let context: ExecutionContext
    let stats: StatisticsBox
    /// What is parsed of each order (nil: whole orders).
    var keyPaths: [[String]]? = nil
    /// The residual, applied as pages are read (nil: the executor applies it to trees).
    var filter: OrderPageFilter? = nil
    var appliesResidual: Bool { filter != nil }
    private var scans: [OrderScan.AsyncIterator]? = nil
    private var current = 0
    /// OrderIDs already delivered: needed only across several scans (each scan
    /// de-duplicates its own pages), so a single request keeps no second set.
    private var seen = OrderIDSet()
    private var acrossScans = false

    /// Pages handed out so far, and the count at which the budget asks again (`.asSent`).
    private var pagesRead = 0
    private var budgetAt: Int
    /// For `calls`: ids per listOrderDetail request. The budget then counts detail requests too
    /// (up front: one per `detailBatch` orders of each task; as sent: those the client has sent).
    var detailBatch: Int? = nil
    private var detailBaseline = 0

    init(tasks: [TaskPlan], paging: PagingPlan, context: ExecutionContext, stats: StatisticsBox) {
        self.tasks = tasks
        self.paging = paging
        self.context = context
        self.stats = stats
        self.budgetAt = paging.maxPages
    }

    /// Opens every scan (first pages concurrently) and enforces the page budget.
    private mutating func open() async throws {
        guard let client = context.client else { throw NoConnectionError(context.noClientReason) }
        let jobs = tasks.flatMap { t in t.requests.map { (t.userTaskID, $0) } }
        let pages = paging.pages, size = paging.size, concurrency = context.concurrency, keyPaths = self.keyPaths
        let filter = self.filter
        let opened = try await withThrowingTaskGroup(of: (Int, OrderScan).self) { group in
            for (k, job) in jobs.enumerated() {
                group.addTask {
                    let scan = try await client.orderScan(
                        task: job.0, options: job.1, pages: pages, size: size, concurrency: concurrency
                    ).selecting(keyPaths)
                    return (k, filter.map(scan.filtering) ?? scan)
                }
            }
            var result = [OrderScan?](repeating: nil, count: jobs.count)
            for try await (k, scan) in group { result[k] = scan }
            return result.map { $0! }
        }
        var totalPages = opened.reduce(0) { $0 + $1.pageCount }
        if let detailBatch {
            var ordersPerTask: [String: Int] = [:]
            for scan in opened { ordersPerTask[scan.userTaskID, default: 0] += min(scan.totalCount, scan.pageCount * size) }
            totalPages += ordersPerTask.values.reduce(0) { $0 + ($1 + detailBatch - 1) / detailBatch }
            detailBaseline = client.stats.requests(to: .listOrderDetail)
        }
        if paging.budget == .upFront, totalPages > paging.maxPages {
            let refusal = PageBudgetError(requests: totalPages, maxPages: paging.maxPages)
            if await !(context.confirmLargeScan?(refusal.question) ?? false) { throw refusal }
        }
        stats.update { $0.pagesTotal = totalPages }
        scans = opened.map { $0.makeAsyncIterator() }
        acrossScans = opened.count > 1
    }

    mutating func next() async throws -> [Order]? {
        try await nextPage()?.orders
    }

    /// Requests sent so far that the `.asSent` budget counts: pages read, plus detail requests for `calls`.
    private var requestsSent: Int {
        guard detailBatch != nil, let client = context.client else { return pagesRead }
        return pagesRead + client.stats.requests(to: .listOrderDetail) - detailBaseline
    }

    /// The next page's new orders, with the task they belong to.
    mutating func nextPage() async throws -> OrderBatch? {
        if scans == nil { try await open() }
        if paging.budget == .asSent, requestsSent >= budgetAt, current < scans!.count {
            // Only the requests actually made count: ask (or fail) once max_pages have been read.
            let refusal = PageBudgetError(requests: requestsSent, maxPages: paging.maxPages, sent: true)
            if await !(context.confirmLargeScan?(refusal.question) ?? false) { throw refusal }
            budgetAt += paging.maxPages
        }
        while current < scans!.count {
            guard let page = try await scans![current].next() else {
                current += 1
                continue
            }
            stats.update { $0.pagesDone += 1 }
            pagesRead += 1
            if page.endedShortOfTotal(size: paging.size) {
                context.warn(
                    "warning: task \(page.userTaskID): page \(page.page) came back empty although its totalCount is \(page.totalCount ?? 0); the task's later pages were not fetched, so results may be incomplete"
                )
            } else if let odd = page.oddity(size: paging.size) {
                context.warn("warning: task \(page.userTaskID): \(odd); results may be incomplete")
            }
            if !acrossScans, filter == nil { return OrderBatch(userTaskID: page.userTaskID, orders: page.orders) }
            var fresh: [Order] = []
            fresh.reserveCapacity(page.orders.count)
            var dropped = 0
            for order in page.orders {
                if acrossScans, let id = order.orderID {
                    if !seen.insert(id) { continue }
                }
                // Stand-ins for orders the filter dropped count as scanned (the executor counts the rest).
                if order.isFilteredOut { dropped += 1 } else { fresh.append(order) }
            }
            if dropped > 0 { stats.update { [dropped] in $0.ordersScanned += dropped } }
            return OrderBatch(userTaskID: page.userTaskID, orders: fresh)
        }
        return nil
    }
}

/// Reads the account's tasks (listTask), page after page.
struct TaskListSource: OrderBatchSource {
    let paging: PagingPlan
    let context: ExecutionContext
    let stats: StatisticsBox
    private var page: Int
    private var seen = 0
    private var done = false

    init(paging: PagingPlan, context: ExecutionContext, stats: StatisticsBox) {
        self.paging = paging
        self.context = context
        self.stats = stats
        self.page = paging.pages?.lowerBound ?? 1
    }

    mutating func next() async throws -> [Order]? {
        guard !done else { return nil }
        guard let client = context.client else { throw NoConnectionError(context.noClientReason) }
        try Task.checkCancellation()
        let reply = try await client.listTask(ListTaskRequest(query: TaskQuery(), page: page, size: paging.size))
        seen += reply.tasks.count
        let total = reply.totalCount ?? seen
        let pages = max(1, (total + paging.size - 1) / paging.size)
        let last = min(paging.pages?.upperBound ?? pages, pages)
        stats.update {
            $0.pagesDone += 1
            $0.pagesTotal = last - (paging.pages?.lowerBound ?? 1) + 1
            $0.taskIDs += reply.tasks.compactMap(\.userTaskID)
        }
        if reply.tasks.count < paging.size || seen >= total || page >= last { done = true }
        if page - (paging.pages?.lowerBound ?? 1) + 1 >= paging.maxPages, !done {
            let refusal = PageBudgetError(requests: page, maxPages: paging.maxPages, sent: true)
            if await !(context.confirmLargeScan?(refusal.question) ?? false) { throw refusal }
        }
        page += 1
        return reply.tasks.map { Order(raw: JSONWriter.bytes($0.json), json: $0.json) }
    }
}

/// Run statistics shared between the executor and whoever reads the footer.
public final class StatisticsBox: Sendable {
    private let state = Mutex(RunStatistics())
    public init() {}
    public var snapshot: RunStatistics { state.withLock { $0 } }
    func update(_ body: (inout RunStatistics) -> Void) { state.withLock { body(&$0) } }
}
