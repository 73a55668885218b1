// The embedding API's row stream: `session.rows("orders where …")` gives an
// AsyncSequence of rows — the raw order with typed accessors, or the projected
// record — without going through any writer.
import CallbotAPI
import CallqEngine
import CallqJSON
import CallqOutput
import CallqPlanner
import CallqSemantics

/// One row of a query result.
public struct CallqRow: Sendable {
    /// The order, when the row is one (absent for `count`/`stats` rows).
    public let order: Order?
    /// Column names, shared by every row of a result.
    public let columns: [String]
    /// The row's values, in column order.
    public let values: [JSONValue]

    /// The value of column `name` (case-insensitive).
    public subscript(_ name: String) -> JSONValue? {
        guard let i = columns.firstIndex(where: { $0.lowercased() == name.lowercased() }) else { return nil }
        return values[i]
    }

    /// The projected record as a JSON object.
    public var record: JSONValue {
        .object(JSONObject(zip(columns, values).map { JSONObject.Member($0, $1) }))
    }
}

/// The rows of a query, streamed as pages arrive.
public struct CallqRows: AsyncSequence, Sendable {
    public typealias Element = CallqRow
    let run: QueryRun
    public let columns: [String]

    public func makeAsyncIterator() -> Iterator { Iterator(inner: run.makeAsyncIterator(), columns: columns) }

    /// Rows, requests and pages so far.
    public var statistics: RunStatistics { run.statistics.snapshot }

    public struct Iterator: AsyncIteratorProtocol {
        var inner: QueryRun.Iterator
        let columns: [String]
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
            return CallqRow(order: r.order, columns: columns, values: r.values)
        }
    }
}

extension CallqSession {
    /// Runs a query and returns its rows as an async sequence.
    public func rows(_ text: String) throws(CallqError) -> CallqRows {
        let plan = try explain(text)
        let (context, _) = try executionContext(progress: nil)
        let spec = QuerySpec(plan: plan)
        let run = QueryRun(spec: spec, context: context)
        return CallqRows(run: run, columns: spec.columns.map(\.name))
    }
}
