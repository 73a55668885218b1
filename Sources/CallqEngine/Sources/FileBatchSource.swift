// The scan of a saved file or standard input as the executor pulls it: the
// reader parses only the members the plan reads, and the residual filter runs
// on the reader's worker threads as each order is parsed, so both cores filter
// while the executor projects, sorts or aggregates what passed.
import CallbotAPI
import CallqJSON
import CallqPlanner
import CallqSemantics

/// Reads a saved file or standard input.
struct FileBatchSource: OrderBatchSource {
    let batches: MappedOrderBatches<[Order]>
    let stats: StatisticsBox
    private var counted = 0

    /// Starts reading for `plan`: its residual run on the worker threads, and orders' bytes
    /// kept only when rows may be written as whole orders or whole orders are read
    /// (`touchedPaths` holding the empty path, as for `CallqSession.rows`).
    init(reader: OrderFileReader, plan: Plan, stages: RecordStages, stats: StatisticsBox) throws {
        var raw = true
        if !plan.touchedPaths.contains(where: \.isEmpty) {
            if case .groups = plan.shape { raw = false }
            if case .records(_, false) = plan.shape { raw = false }
        }
        var filter: (@Sendable (JSONValue) -> Bool)? = nil
        if let residual = stages.residual { filter = { (order: JSONValue) -> Bool in residual.evaluate(order) } }
        batches = try reader.mapBatches(filter: filter, keepingRaw: raw) { $0 }
        self.stats = stats
    }

    /// The residual ran on the workers: the executor does not run it again.
    var appliesResidual: Bool { true }

    /// The next batch of matching orders. The executor counts the orders it gets as
    /// scanned; the ones filtered out on the workers are counted here.
    mutating func next() async throws -> [Order]? {
        try Task.checkCancellation()
        guard let batch = try batches.next() else { return nil }
        let dropped = batches.ordersRead - counted - batch.count
        counted = batches.ordersRead
        if dropped > 0 { stats.update { $0.ordersScanned += dropped } }
        return batch
    }
}
