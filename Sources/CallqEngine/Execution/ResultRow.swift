// A row of a query's result as the executor streams it: the projected values and,
// for a row that is one order, the order itself (raw bytes and parsed JSON), so an
// embedding program can use typed accessors and writers can pass bytes through.
import CallbotAPI
import CallqJSON
import CallqResult

/// One result row.
public struct ResultRow: Sendable {
    /// The order this row is (nil for aggregate rows).
    public let order: Order?
    /// The values of the query's columns, in column order.
    public let values: [JSONValue]
    /// Whether json/ndjson output should write `order.raw` (no `select`).
    public let passRaw: Bool

    public init(order: Order?, values: [JSONValue], passRaw: Bool) {
        self.order = order
        self.values = values
        self.passRaw = passRaw
    }

    /// The row as a writer takes it.
    public var outputRow: OutputRow { OutputRow(values: values, raw: passRaw ? order?.raw : nil) }
}

/// Counters a query run reports in its footer.
public struct RunStatistics: Sendable {
    public var rows = 0
    public var requests = 0
    public var retries = 0
    public var pagesDone = 0
    public var pagesTotal: Int?
    public var ordersScanned = 0
    /// Task ids a task listing returned (for completion).
    public var taskIDs: [String] = []
    public init() {}
}
