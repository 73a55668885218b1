// Reads `calls` from the API (SPEC §11): the plan's listOrder requests
// enumerate the orders (only order-level conjuncts pushed), their ids go to
// listOrderDetail in batches of `detail_batch` with `concurrency` requests in
// flight, and each attempt comes out as one row — orders in listOrder page
// order, attempts oldest first. Dropping the source (a `limit` reached, an
// error, Ctrl-C) cancels listOrder pages and detail requests still in flight.
import CallbotAPI
import CallbotClient
import CallqPlanner

/// Pulls batches of call rows (one per attempt) of the plan's tasks.
struct CallsBatchSource: OrderBatchSource {
    private var iterator: OrderCallsScan.Iterator

    init(
        tasks: [TaskPlan], paging: PagingPlan, calls: CallsPlan, context: ExecutionContext,
        stats: StatisticsBox
    ) throws {
        guard let client = context.client else { throw NoConnectionError(context.noClientReason) }
        let orders = ApiOrderBatches(
            tasks: tasks, paging: paging, detailBatch: calls.detailBatch,
            context: context, stats: stats)
        iterator = client.orderCalls(orders, batch: calls.detailBatch, concurrency: context.concurrency)
            .makeAsyncIterator()
    }

    mutating func next() async throws -> [Order]? {
        guard let batch = try await iterator.next() else { return nil }
        var rows: [Order] = []
        rows.reserveCapacity(batch.calls.count * 2)
        for call in batch.calls { rows += call.callRows }
        return rows
    }
}

/// The orders of the plan's listOrder requests as an ordered stream of batches: what the
/// detail stage reads. Only the ids are needed, so only `orderID` and `userTaskID` are parsed.
struct ApiOrderBatches: AsyncSequence, Sendable {
    typealias Element = OrderBatch
    let tasks: [TaskPlan]
    let paging: PagingPlan
    let detailBatch: Int
    let context: ExecutionContext
    let stats: StatisticsBox

    func makeAsyncIterator() -> Iterator {
        var source = ApiBatchSource(tasks: tasks, paging: paging, context: context, stats: stats)
        source.keyPaths = [["orderID"], ["userTaskID"]]
        source.detailBatch = detailBatch
        return Iterator(source: source)
    }

    struct Iterator: AsyncIteratorProtocol {
        var source: ApiBatchSource
        mutating func next() async throws -> OrderBatch? {
            while let page = try await source.nextPage() {
                if !page.orders.isEmpty { return page }
            }
            return nil
        }
    }
}
