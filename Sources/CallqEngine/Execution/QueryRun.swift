// The executor: runs a Plan as an AsyncSequence of result-row batches.
// Pull-based — each `next()` pulls a batch from the source, applies the residual,
// then projects, and (for order by / groups) collects before emitting. A limit
// ends the run early; dropping the iterator cancels requests still in flight.
// Every operator is built from the plan alone: no catalog look-ups, no defaults.
import CallbotAPI
import CallbotClient
import CallqJSON
import CallqPlanner
import CallqResult
import CallqSemantics

/// A running query: iterate it for batches of rows (one batch per page or file
/// chunk); `statistics` tells rows, requests and pages so far.
public struct QueryRun: AsyncSequence, Sendable {
    public typealias Element = [ResultRow]
    public let plan: Plan
    public let context: ExecutionContext
    public let statistics = StatisticsBox()
    let stages: RecordStages

    /// A run of `plan` whose rows go to `delivery` (which decides what of each order is read).
    public init(plan: Plan, context: ExecutionContext, delivery: Delivery) {
        self.plan = plan
        self.context = context
        self.stages = RecordStages(plan: plan, reading: plan.reading(for: delivery))
    }

    public var columns: [Column] { plan.columns }

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

        var plan: Plan { run.plan }
        var stats: StatisticsBox { run.statistics }
        var stages: RecordStages { run.stages }

        public mutating func next() async throws -> [ResultRow]? {
            // Ctrl-C also stops a `~` search in the middle of a value (on any thread).
            let regexes = stages.regexes
            return try await withTaskCancellationHandler {
                let batch = try await nextBatch()
                if let failure = regexes.lazy.compactMap(\.failure).first { throw failure }
                return batch
            } onCancel: {
                for r in regexes { r.stop() }
            }
        }

        private mutating func nextBatch() async throws -> [ResultRow]? {
            if finished { return nil }
            if !started {
                for r in stages.regexes { r.begin(timeLimit: run.context.regexTimeLimit) }
                started = true
                source = try makeSource()
                if plan.collects {
                    pending = try await collectAll()
                    source = nil
                }
            }
            if plan.collects {
                try Task.checkCancellation()
                guard !pending.isEmpty else { return finish() }
                let batch = Array(pending.prefix(1000))
                pending.removeFirst(batch.count)
                stats.update { $0.rows += batch.count }
                return batch
            }
            while var src = source {
                guard let records = try await src.next() else { source = nil; break }
                source = src
                let rows = stages.rows(filter(records))
                reportProgress()
                if rows.isEmpty { continue }
                if let limit = plan.limit, emitted + rows.count >= limit {
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
            stats.update {
                $0.requests = d.requests; $0.retries = d.retries
            }
        }

        private func reportProgress() {
            syncRequests()
            guard let progress = run.context.progress else { return }
            let s = stats.snapshot
            // count, stats and sorts have no row before the end: they report the records read.
            progress(s.pagesDone, s.pagesTotal, plan.collects ? s.ordersScanned : s.rows)
        }

        /// What the plan's source needs to open its scan or answer its count.
        var environment: ScanEnvironment {
            ScanEnvironment(plan: plan, stages: stages, context: run.context, stats: stats)
        }

        /// Opens the plan's scan (ScanOpener: one per source).
        private func makeSource() throws -> any OrderBatchSource {
            try plan.scan.opener.open(environment)
        }

        /// Fills `aggregator` from the count the planner pushed into the source, if any; false
        /// when the query must scan instead.
        private func answerByCounting(into aggregator: inout Aggregator) async throws -> Bool {
            defer { syncRequests() }
            return try await plan.scan.opener.count(environment, into: &aggregator)
        }

        private func filter(_ records: [Order]) -> [Order] {
            stats.update { $0.ordersScanned += records.count }
            return source?.appliesResidual == true ? records : stages.filter(records)
        }

        /// Runs a sort or an aggregation to completion.
        private mutating func collectAll() async throws -> [ResultRow] {
            switch plan.shape {
            case .records:
                var sorter = RowSorter<Order>(keys: plan.orderBy, limit: plan.limit)
                while var src = source, let records = try await src.next() {
                    source = src
                    for o in filter(records) { sorter.add(o, keys: stages.sortKeys(of: o.json)) }
                    reportProgress()
                }
                return stages.rows(try sorter.sorted())
            case .groups(let keys, let aggregates, _, _):
                var aggregator = Aggregator(keys: keys, aggregates: aggregates)
                if try await !answerByCounting(into: &aggregator) {
                    if var file = source as? FileBatchSource, file.aggregatesOnWorkers {
                        // Saved orders are aggregated on the reader's threads; merge in input order.
                        while let partial = try file.nextPartial() { aggregator.merge(partial); reportProgress() }
                    }
                    while var src = source, let records = try await src.next() {
                        source = src
                        for o in filter(records) { aggregator.add(o.json) }
                        reportProgress()
                    }
                }
                return try stages.groupRows(stages.outputRows(aggregator.results()), keyCount: keys.count)
                    .map { ResultRow(order: nil, values: $0, passRaw: false) }
            }
        }
    }
}

/// The per-record operators of a plan: residual filter, projection, sort keys, and the
/// ordering of group rows. Sendable, so batches can run through it on any thread.
struct RecordStages: Sendable {
    let residual: CheckedExpr?
    let projector: Projector?
    let passThrough: Bool
    let orderBy: [SortKey]
    let limit: Int?
    /// Group rows → output rows (nil when the outputs are the group row itself), and `having`.
    let outputs: [CheckedTerm]?
    let having: CheckedExpr?
    /// The `~` matchers of the filter, `having` and conditional aggregates (watched per run).
    let regexes: [RegexMatcher]

    /// What is read of each order, and whether rows are the orders' own bytes.
    let reading: Reading

    init(plan: Plan, reading: Reading) {
        self.reading = reading
        residual = plan.residual
        if case .groups(let keys, let aggregates, let outs, let h) = plan.shape {
            outputs = Self.isIdentity(outs) && outs.count == keys.count + aggregates.count ? nil : outs
            having = h
        } else {
            outputs = nil
            having = nil
        }
        orderBy = plan.orderBy
        limit = plan.limit
        var matchers = plan.residual?.regexMatchers ?? []
        if case .groups(_, let aggregates, _, let h) = plan.shape {
            matchers += (h?.regexMatchers ?? []) + aggregates.flatMap { $0.condition?.regexMatchers ?? [] }
        }
        regexes = matchers
        if case .records(let values, let pass) = plan.shape {
            projector = Projector(reading.rawRecords ? [] : values)
            passThrough = pass
        } else {
            projector = nil
            passThrough = false
        }
    }

    static func isIdentity(_ outs: [CheckedTerm]) -> Bool {
        outs.enumerated().allSatisfy { if case .slot(let i, _, _) = $0.element { i == $0.offset } else { false } }
    }

    /// The output columns of each group row (stats items computed over its keys and aggregates),
    /// then the rows `having` keeps.
    func outputRows(_ rows: [[JSONValue]]) -> [[JSONValue]] {
        var out = rows
        if let outputs {
            out = rows.map { r in
                let row = JSONValue.array(r)
                return outputs.map { $0.value(in: row) }
            }
        }
        if let having { out = out.filter { having.evaluate(.array($0)) } }
        return out
    }

    func filter(_ records: [Order]) -> [Order] {
        guard let residual else { return records }
        return records.filter { residual.evaluate($0.json) }
    }

    func rows(_ records: [Order]) -> [ResultRow] {
        guard let projector else { return [] }
        return records.map { o in ResultRow(order: o, values: projector.values(o.json), passRaw: passThrough) }
    }

    /// The `order by` values of a record (row queries): a term's value, or an output column's;
    /// a multi-valued one sorts by its first value.
    func sortKeys(of record: JSONValue) -> [JSONValue] {
        orderBy.map { key in
            let v: JSONValue =
                switch key.key {
                case .term(let t): t.value(in: record)
                case .column(let i): projector.map { $0.values(record)[i] } ?? .null
                }
            if case .array(let items) = v { return items.first ?? .null }
            return v
        }
    }

    /// Group rows in their final order: by `order by` columns if any, else by key (nulls last);
    /// then cut to the limit.
    func groupRows(_ rows: [[JSONValue]], keyCount: Int) throws(CancellationError) -> [[JSONValue]] {
        var rows = rows
        if orderBy.isEmpty {
            if keyCount > 0 {
                var sorter = RowSorter<[JSONValue]>(
                    keys: (0..<keyCount).map { SortKey(key: .column($0), descending: false) },
                    limit: nil)
                for r in rows { sorter.add(r, keys: Array(r.prefix(keyCount))) }
                rows = try sorter.sorted()
            }
            if let limit { rows = Array(rows.prefix(limit)) }
            return rows
        }
        var sorter = RowSorter<[JSONValue]>(keys: orderBy, limit: limit)
        for r in rows {
            sorter.add(r, keys: orderBy.map { k in if case .column(let i) = k.key { r[i] } else { .null } })
        }
        return try sorter.sorted()
    }
}
