// The embedding API's row stream: `session.rows("orders where …")` gives an
// AsyncSequence of rows — the raw record with typed accessors, or the projected
// record — without going through any writer. Same pipeline as execute.
import CallbotAPI
import CallqEngine
import CallqJSON
import CallqPlanner

/// One row of a query result.
public struct CallqRow: Sendable {
    /// The order, when the row is one (absent for `count`/`stats` rows and for tasks).
    public let order: Order?
    /// The record as received (an order or a task), when the row is one.
    public let source: Order?
    /// Column names, shared by every row of a result.
    public let columns: [String]
    /// The row's values, in column order.
    public let values: [JSONValue]

    /// The value of column `name` (case-insensitive).
    public subscript(_ name: String) -> JSONValue? {
        guard let i = columns.firstIndex(where: { $0.lowercased() == name.lowercased() }) else { return nil }
        return values[i]
    }

    /// The projected row as a JSON object.
    public var record: JSONValue {
        .object(JSONObject(zip(columns, values).map { JSONObject.Member($0, $1) }))
    }
}

/// The rows of a query, streamed as pages arrive.
public struct CallqRows: AsyncSequence, Sendable {
    public typealias Element = CallqRow
    let run: QueryRun
    public let columns: [String]
    let isOrders: Bool

    public func makeAsyncIterator() -> Iterator {
        Iterator(inner: run.makeAsyncIterator(), columns: columns, isOrders: isOrders)
    }

    /// Rows, requests and pages so far.
    public var statistics: RunStatistics { run.statistics.snapshot }

    public struct Iterator: AsyncIteratorProtocol {
        var inner: QueryRun.Iterator
        let columns: [String]
        let isOrders: Bool
        var buffer: [ResultRow] = []
        var index = 0

        public mutating func next() async throws -> CallqRow? {
            while index >= buffer.count {
                guard let batch = try await inner.next() else { return nil }
                buffer = batch
                index = 0
            }
            let r = buffer[index]
            index += 1
            return CallqRow(order: isOrders ? r.order : nil, source: r.order, columns: columns, values: r.values)
        }
    }
}

extension CallqSession {
    /// Runs a query and returns its rows as an async sequence.
    public func rows(_ text: String) async throws(CallqError) -> CallqRows {
        let plan = try explain(text)
        remember(tasks: plan.tasks.map(\.userTaskID))
        let context: ExecutionContext
        do { context = try await executionContext(for: plan) } catch {
            throw CallqSession.classify(error, text: text, origin: nil)
        }
        let run = QueryRun(plan: plan, context: context, delivery: .wholeOrders)  // `CallqRow.order` is the whole order
        return CallqRows(run: run, columns: plan.columns.map(\.name), isOrders: plan.source != .taskList)
    }
}
