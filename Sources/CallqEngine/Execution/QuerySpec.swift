// What the executor runs: the source to scan (API requests per task, or a saved
// file), the residual predicate, and what to make of the matching orders (rows,
// or aggregates), in which order and how many. Built from a checked plan by
// `QuerySpec+Plan`; the executor never sees the AST.
import CallbotAPI
import CallqJSON
import CallqOutput

/// One task's share of a remote scan.
public struct TaskScanSpec: Sendable {
    public var userTaskID: String
    /// The listOrder option sets to fetch and merge (empty: the filter is
    /// contradictory, nothing is requested).
    public var requests: [ListOrderOptions]
    /// For `count by status|finish` pushdown: one size-1 request per group value.
    public var groupRequests: [(key: JSONValue, options: ListOrderOptions)]
    public init(userTaskID: String, requests: [ListOrderOptions],
                groupRequests: [(key: JSONValue, options: ListOrderOptions)] = []) {
        self.userTaskID = userTaskID
        self.requests = requests
        self.groupRequests = groupRequests
    }
}

/// Where orders come from.
public enum ScanSource: Sendable {
    case api([TaskScanSpec])
    case file(String)
    case stdin
}

/// How `count` may be answered without scanning.
public enum CountShortcut: Sendable {
    /// Scan and count the matching rows.
    case scan
    /// The sum of `totalCount` over each request, fetched with `size 1`.
    case total
    /// `count by F`: per task, one size-1 request per group value (the task's
    /// `groupRequests`) plus the total; falls back to a scan when they do not add up.
    case groups
}

/// What the matching orders become.
public enum QueryShape: Sendable {
    /// One row per order. `extract[i]` reads column i; when `passRaw` is set,
    /// json/ndjson write the order's original bytes instead.
    case rows(columns: [Column], extract: [@Sendable (JSONValue) -> JSONValue], passRaw: Bool)
    /// Groups and aggregates: the `by` columns then the aggregate columns.
    case aggregate(byColumns: [Column], groupBy: [@Sendable (JSONValue) -> [JSONValue]],
                   aggregates: [AggregateSpec], aggregateKinds: [ColumnKind], shortcut: CountShortcut)
}

/// A runnable query.
public struct QuerySpec: Sendable {
    public var source: ScanSource
    /// The part of the where-expression the server did not apply.
    public var residual: (@Sendable (JSONValue) -> Bool)?
    public var shape: QueryShape
    /// `order by` keys, applied to orders (rows) or to result rows (aggregates).
    public var sort: [RowSortKey]
    public var limit: Int?
    public var pages: ClosedRange<Int>?
    public var pageSize: Int
    /// What a result row is called in footers (`orders`, `groups`).
    public var noun: String

    public init(source: ScanSource, residual: (@Sendable (JSONValue) -> Bool)?, shape: QueryShape,
                sort: [RowSortKey] = [], limit: Int? = nil, pages: ClosedRange<Int>? = nil, pageSize: Int = 100,
                noun: String = "orders") {
        self.source = source
        self.residual = residual
        self.shape = shape
        self.sort = sort
        self.limit = limit
        self.pages = pages
        self.pageSize = pageSize
        self.noun = noun
    }

    /// The output columns.
    public var columns: [Column] {
        switch shape {
        case .rows(let columns, _, _): return columns
        case .aggregate(let by, _, let aggs, let kinds, _):
            return by + zip(aggs, kinds).map { Column(name: $0.name, kind: $1) }
        }
    }
}
