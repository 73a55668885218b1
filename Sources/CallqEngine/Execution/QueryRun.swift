// The executor: runs a QuerySpec as an AsyncSequence of result-row batches.
// Pull-based — each `next()` pulls a batch from the source, applies the residual,
// then projects, and (for order by / aggregates) collects before emitting. A limit
// ends the run early; dropping the iterator cancels requests still in flight.
import CallbotAPI
import CallbotClient
import CallqJSON
import CallqOutput

/// A running query: iterate it for batches of rows (one batch per page or file
/// chunk); `statistics` tells rows, requests and pages so far.
public struct QueryRun: AsyncSequence, Sendable {
    public typealias Element = [ResultRow]
    public let spec: QuerySpec
    public let context: ExecutionContext
    public let statistics = StatisticsBox()

    public init(spec: QuerySpec, context: ExecutionContext) {
        self.spec = spec
        self.context = context
    }

    public var columns: [Column] { spec.columns }

    public func makeAsyncIterator() -> Iterator { Iterator(run: self) }

    /// Pulls batches through the pipeline.
    public struct Iterator: AsyncIteratorProtocol {
        let run: QueryRun
        var source: (any OrderBatchSource)?
        var started = false
        var finished = false
        var emitted = 0
        var pending: [ResultRow] = []
        let baseline: RequestStats?

        init(run: QueryRun) {
            self.run = run
            baseline = run.context.client?.stats
        }

        var spec: QuerySpec { run.spec }
        var stats: StatisticsBox { run.statistics }

        public mutating func next() async throws -> [ResultRow]? {
            if finished { return nil }
            if !started {
                started = true
                source = try makeSource()
                if needsCollection {
                    pending = try await collectAll()
                    source = nil
                }
            }
            if needsCollection {
                guard !pending.isEmpty else { return finish() }
                let batch = Array(pending.prefix(1000))
                pending.removeFirst(batch.count)
                stats.update { $0.rows += batch.count }
                return batch
            }
            while var src = source {
                guard let orders = try await src.next() else { source = nil; break }
                source = src
                let rows = project(filter(orders))
                reportProgress()
                if rows.isEmpty { continue }
                if let limit = spec.limit, emitted + rows.count >= limit {
                    let cut = Array(rows.prefix(limit - emitted))
                    emitted += cut.count
                    stats.update { $0.rows += cut.count }
                    source = nil  // stops the scan; in-flight requests are cancelled
                    finished = true
                    syncRequests()
                    return cut.isEmpty ? nil : cut
                }
                emitted += rows.count
                stats.update { $0.rows += rows.count }
                return rows
            }
            return finish()
        }

        private mutating func finish() -> [ResultRow]? {
            finished = true
            source = nil
            syncRequests()
            return nil
        }

        func syncRequests() {
            guard let now = run.context.client?.stats, let baseline else { return }
            let d = now - baseline
            stats.update { $0.requests = d.requests; $0.retries = d.retries }
        }

        private func reportProgress() {
            syncRequests()
            guard let progress = run.context.progress else { return }
            let s = stats.snapshot
            progress(s.pagesDone, s.pagesTotal, s.rows)
        }

        /// Sorting and aggregating need every matching order before the first row.
        private var needsCollection: Bool {
            if case .aggregate = spec.shape { return true }
            return !spec.sort.isEmpty
        }

        private func makeSource() throws -> any OrderBatchSource {
            switch spec.source {
            case .api(let tasks):
                return ApiBatchSource(tasks: tasks, pages: spec.pages, size: spec.pageSize, context: run.context,
                                      stats: stats)
            case .file(let path):
                return FileBatchSource(reader: try OrderFileReader(path: path, badLine: badLinePolicy))
            case .stdin:
                return FileBatchSource(reader: OrderFileReader(fd: run.context.stdinDescriptor, name: "stdin",
                                                               badLine: badLinePolicy))
            }
        }

        private var badLinePolicy: OrderFileReader.BadLine {
            run.context.skipBadLines ? .skip(warn: run.context.warn) : .fail
        }

        private func filter(_ orders: [Order]) -> [Order] {
            stats.update { $0.ordersScanned += orders.count }
            guard let residual = spec.residual else { return orders }
            return orders.filter { residual($0.json) }
        }

        private func project(_ orders: [Order]) -> [ResultRow] {
            guard case .rows(_, let extract, let passRaw) = spec.shape else { return [] }
            return orders.map { o in ResultRow(order: o, values: extract.map { $0(o.json) }, passRaw: passRaw) }
        }

        /// Runs a sort or an aggregation to completion.
        private mutating func collectAll() async throws -> [ResultRow] {
            switch spec.shape {
            case .rows:
                var sorter = RowSorter<Order>(descending: spec.sort.map(\.descending), limit: spec.limit)
                while var src = source, let orders = try await src.next() {
                    source = src
                    for o in filter(orders) { sorter.add(o, keys: spec.sort.map { $0.value(o.json) }) }
                    reportProgress()
                }
                return project(sorter.sorted())
            case .aggregate(_, let groupBy, let aggregates, _, let shortcut):
                var aggregator = Aggregator(groupBy: groupBy, specs: aggregates)
                if try await !answerByCounting(shortcut, into: &aggregator) {
                    while var src = source, let orders = try await src.next() {
                        source = src
                        for o in filter(orders) { aggregator.add(o.json) }
                        reportProgress()
                    }
                }
                var rows = aggregator.results()
                if spec.sort.isEmpty && !groupBy.isEmpty {
                    // Groups in key order (nulls last), however the counts were gathered.
                    let width = groupBy.count
                    rows.sort { a, b in
                        for k in 0..<width {
                            let c = ValueOrdering.compare(a[k], b[k])
                            if c != 0 { return c < 0 }
                        }
                        return false
                    }
                }
                if !spec.sort.isEmpty {
                    var sorter = RowSorter<[JSONValue]>(descending: spec.sort.map(\.descending), limit: spec.limit)
                    for r in rows { sorter.add(r, keys: spec.sort.map { $0.value(.array(r)) }) }
                    rows = sorter.sorted()
                } else if let limit = spec.limit {
                    rows = Array(rows.prefix(limit))
                }
                return rows.map { ResultRow(order: nil, values: $0, passRaw: false) }
            }
        }
    }
}
