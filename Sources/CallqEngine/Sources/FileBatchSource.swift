// The scan of a saved file, standard input or the mirror's rows as the executor
// pulls it: the reader parses only the members the plan reads, the residual
// filter runs on the reader's worker threads as each order is parsed, and for
// `count`/`stats` each batch is aggregated there too (partial aggregators merge
// exactly), so every core does the work and the executor only merges.
import CallbotAPI
import CallqJSON
import CallqPlanner
import CallqSemantics

/// Reads a saved file, standard input, or the mirror's rows.
struct FileBatchSource: OrderBatchSource {
    /// What a worker makes of a batch: the matching orders, or their partial aggregates.
    enum Part: Sendable {
        case orders([Order])
        case groups(Aggregator)
    }

    /// Starts the workers: the residual, the groups (nil for rows), whether orders keep their
    /// bytes, and the per-batch transform.
    typealias Start = (
        CheckedExpr?, (keys: [CheckedTerm], aggregates: [CheckedAggregate])?, Bool,
        @escaping @Sendable ([Order], Aggregator?) throws -> Part
    ) throws -> MappedOrderBatches<Part>

    let batches: MappedOrderBatches<Part>
    let stats: StatisticsBox
    /// True for a groups plan: batches come as partial aggregators (`nextPartial`).
    let aggregatesOnWorkers: Bool
    /// What a failure of the reader is reported as (the mirror names itself, not a line).
    let failure: @Sendable (any Error) -> any Error
    private var counted = 0

    /// Reads a saved file or standard input.
    init(reader: OrderFileReader, plan: Plan, stages: RecordStages, stats: StatisticsBox) throws {
        try self.init(plan: plan, stages: stages, stats: stats) { residual, groups, raw, transform in
            try reader.mapBatches(residual: residual, groups: groups, keepingRaw: raw, transform)
        }
    }

    /// Starts reading for `plan`: its residual run on the worker threads, groups aggregated
    /// there, and orders' bytes kept only when rows may be written as whole orders or whole
    /// orders are read (the key paths holding the empty path, as for `CallqSession.rows`).
    init(
        plan: Plan, stages: RecordStages, stats: StatisticsBox,
        failure: @escaping @Sendable (any Error) -> any Error = { $0 }, start: Start
    ) throws {
        var raw = true
        if !stages.reading.keyPaths.contains(where: \.isEmpty) {
            if case .groups = plan.shape { raw = false }
            if case .records(_, false) = plan.shape { raw = false }
        }
        if case .groups(let keys, let aggregates, _, _) = plan.shape {
            aggregatesOnWorkers = true
            batches = try start(stages.residual, (keys, aggregates), raw) { orders, slotPartial in
                var partial = slotPartial ?? Aggregator(keys: keys, aggregates: aggregates)
                for o in orders { partial.add(o.json) }
                return .groups(partial)
            }
        } else {
            aggregatesOnWorkers = false
            batches = try start(stages.residual, nil, raw) { orders, _ in .orders(orders) }
        }
        self.stats = stats
        self.failure = failure
    }

    /// The residual ran on the workers: the executor does not run it again.
    var appliesResidual: Bool { true }

    /// The next batch of matching orders. The executor counts the orders it gets as
    /// scanned; the ones filtered out on the workers are counted here.
    mutating func next() async throws -> [Order]? {
        try Task.checkCancellation()
        guard let part = try nextPart() else { return nil }
        guard case .orders(let batch) = part else { return [] }
        countScanned(handedOut: batch.count)
        return batch
    }

    /// The partial aggregates of the next batch (groups plans), every order read counted as scanned.
    mutating func nextPartial() throws -> Aggregator? {
        try Task.checkCancellation()
        guard let part = try nextPart() else { return nil }
        countScanned(handedOut: 0)
        guard case .groups(let partial) = part else { return nil }
        return partial
    }

    private func nextPart() throws -> Part? {
        do {
            return try batches.next()
        } catch {
            throw failure(error)
        }
    }

    private mutating func countScanned(handedOut: Int) {
        let dropped = batches.ordersRead - counted - handedOut
        counted = batches.ordersRead
        if dropped > 0 { stats.update { $0.ordersScanned += dropped } }
    }
}
