// The scans behind a query, as one pull-based stream of order batches: the API
// (every request of every task, opened concurrently, then read in order and
// de-duplicated by orderID) or a saved file. Pulling is the back-pressure: no
// page is fetched further ahead than the pager's window.
import CallbotAPI
import CallbotClient
import Synchronization

/// Pulls batches of orders from wherever the query reads.
protocol OrderBatchSource {
    mutating func next() async throws -> [Order]?
}

/// Reads a saved file or standard input.
struct FileBatchSource: OrderBatchSource {
    let reader: OrderFileReader
    mutating func next() async throws -> [Order]? {
        try Task.checkCancellation()
        return try reader.nextBatch()
    }
}

/// Reads the API: each request of each task, in task order.
struct ApiBatchSource: OrderBatchSource {
    let tasks: [TaskScanSpec]
    let pages: ClosedRange<Int>?
    let size: Int
    let context: ExecutionContext
    let stats: StatisticsBox
    private var scans: [OrderScan.AsyncIterator]? = nil
    private var current = 0
    /// OrderIDs already delivered: needed only across several scans (each scan
    /// de-duplicates its own pages), so a single request keeps no second set.
    private var seen = OrderIDSet()
    private var acrossScans = false

    init(tasks: [TaskScanSpec], pages: ClosedRange<Int>?, size: Int, context: ExecutionContext, stats: StatisticsBox) {
        self.tasks = tasks
        self.pages = pages
        self.size = size
        self.context = context
        self.stats = stats
    }

    /// Opens every scan (first pages concurrently) and enforces the page budget.
    private mutating func open() async throws {
        guard let client = context.client else { throw NoConnectionError(context.noClientReason) }
        let jobs = tasks.flatMap { t in t.requests.map { (t.userTaskID, $0) } }
        let pages = self.pages, size = self.size, concurrency = context.concurrency
        let opened = try await withThrowingTaskGroup(of: (Int, OrderScan).self) { group in
            for (k, job) in jobs.enumerated() {
                group.addTask {
                    (k, try await client.orderScan(task: job.0, options: job.1, pages: pages, size: size,
                                                   concurrency: concurrency))
                }
            }
            var result = [OrderScan?](repeating: nil, count: jobs.count)
            for try await (k, scan) in group { result[k] = scan }
            return result.map { $0! }
        }
        let totalPages = opened.reduce(0) { $0 + $1.pageCount }
        if totalPages > context.maxPages {
            let go = await context.confirmLargeScan?(totalPages) ?? false
            if !go { throw PageBudgetError(requests: totalPages, maxPages: context.maxPages) }
        }
        stats.update { $0.pagesTotal = totalPages }
        scans = opened.map { $0.makeAsyncIterator() }
        acrossScans = opened.count > 1
    }

    mutating func next() async throws -> [Order]? {
        if scans == nil { try await open() }
        while current < scans!.count {
            guard let page = try await scans![current].next() else {
                current += 1
                continue
            }
            stats.update { $0.pagesDone += 1 }
            if page.endedShortOfTotal(size: size) {
                context.warn("warning: task \(page.userTaskID): page \(page.page) came back empty although its totalCount is \(page.totalCount ?? 0); the task's later pages were not fetched, so results may be incomplete")
            }
            if !acrossScans { return page.orders }
            var fresh: [Order] = []
            fresh.reserveCapacity(page.orders.count)
            for order in page.orders {
                if let id = order.orderID {
                    if !seen.insert(id) { continue }
                }
                fresh.append(order)
            }
            return fresh
        }
        return nil
    }
}

/// Run statistics shared between the executor and whoever reads the footer.
public final class StatisticsBox: Sendable {
    private let state = Mutex(RunStatistics())
    public init() {}
    public var snapshot: RunStatistics { state.withLock { $0 } }
    func update(_ body: (inout RunStatistics) -> Void) { state.withLock { body(&$0) } }
}
