// The Plan: the single description of a query statement. What the checker
// resolved (result shape, columns, sort keys, limit, format, `into`) plus what
// the planner decided: per task the listOrder requests to send (pushdown), the
// residual filter the client still applies, how `count` is answered, and the
// paging and its budget. The engine builds its operators from this alone.

import CallbotAPI
import CallqJSON
import CallqMirror
import CallqResult
import CallqSemantics

/// Settings the planner reads.
public struct PlanSettings: Sendable, Hashable {
    /// Orders per page when the query has no `size`.
    public var pageSize: Int
    /// Longest list sent in one option; longer `in` lists are split into several requests.
    public var idsPerList: Int
    /// Re-check pushed conjuncts on the client too (and never push `count`).
    public var recheck: Bool
    /// Most requests a query may need before the REPL asks (the engine enforces it).
    public var maxPages: Int
    /// Most order ids in one listOrderDetail request (`calls`).
    public var detailBatch: Int

    public init(
        pageSize: Int = 100, idsPerList: Int = 100, recheck: Bool = false, maxPages: Int = 1000,
        detailBatch: Int = 500
    ) {
        self.pageSize = pageSize
        self.idsPerList = max(1, idsPerList)
        self.recheck = recheck
        self.maxPages = maxPages
        self.detailBatch = max(1, detailBatch)
    }
}

/// How a query is executed.
public struct Plan: Sendable {
    /// How `count` is answered.
    public enum CountStrategy: Sendable, Hashable {
        /// Stream the rows and count or aggregate them (also every non-count query).
        case scan
        /// The sum of `totalCount` over every request of every task, each sent with size 1
        /// (several requests per task only when they cannot overlap).
        case pushedTotal
        /// From the mirror: one `SELECT count(*)` per task with the scan's condition (the SQL
        /// answers the whole filter), reading no order.
        case mirrorCount
        /// From the mirror: a `count`/`stats` whose filter the SQL answers whole and whose keys and
        /// aggregates read only fields the indexed columns hold (`MirrorScanPlan.groupColumns`):
        /// each task's rows grouped by those columns in SQL, the groups' counts fed to the
        /// aggregator as that many rows of those values; no order's JSON is read.
        case mirrorGroups
        /// `count by callStatus|finish`: one size-1 request per value (`TaskPlan.groupRequests`) plus
        /// the total (`requests[0]`); if the groups do not add up to the total, scan instead.
        case pushedGroups(field: Field, values: [JSONValue])
    }

    /// The statement as written (canonical form), for explain.
    public var text: String
    /// Where records come from.
    public var source: QuerySource
    /// What is read, one case per source (with the attempts' expansion for `calls` from the API).
    public var scan: ScanPlan
    /// What the client evaluates on every record received; nil keeps them all.
    public var residual: CheckedExpr?
    /// The conjuncts sent to the server (answered exactly, so not in the residual unless `recheck`).
    public var pushed: [CheckedExpr]
    /// Conjuncts that only narrowed the requests (a superset was sent); they stay in the residual.
    public var narrowing: [CheckedExpr]
    public var count: CountStrategy
    /// What the matching records become.
    public var shape: ResultShape
    /// The output columns, in order.
    public var columns: [Column]
    public var orderBy: [SortKey]
    /// `limit N`: stop after N result rows.
    public var limit: Int?
    public var paging: PagingPlan
    /// The format (or auto), `into` and chart columns, as the checker resolved them.
    public var output: ResultOutput
    /// `into 'PATH'`
    public var into: String? { output.into }
    /// `set recheck = on` was in force.
    public var recheck: Bool
    /// JSON key paths the statement reads (a selective reader may parse only these).
    public var touchedPaths: [[String]]
    /// When rows may be written as the orders' own bytes (json/ndjson without `select`, see
    /// `reading(for:)`): the key paths only the filter and the sort keys read. Nil otherwise.
    public var rawRecordPaths: [[String]]?
    /// What a result row is called in footers.
    public var noun: String
    /// Things the user should know before the run (printed on stderr).
    public var warnings: [String]
    /// One entry per task of an API query (empty for other sources, or when no task passes the filter).
    public var tasks: [TaskPlan] { scan.apiTasks }
    /// For `from mirror`: the tasks and what the mirror is asked.
    public var mirror: MirrorScanPlan? { scan.mirror }
    /// For `calls` from the API: how the orders' attempts are fetched (the expansion node's parameters).
    public var calls: CallsPlan? {
        if case .attempts(let c, _) = scan { return c }
        return nil
    }
    /// Rows are call attempts (`calls`, from the API or the mirror).
    public var readsAttempts: Bool { scan.readsAttempts }

    /// True when the filter can match nothing: no request is sent at all.
    public var isEmpty: Bool {
        if case .api = source { return tasks.allSatisfy(\.requests.isEmpty) }
        return false
    }

    /// What a run reads of each order when its rows go to `delivery`: written as json or ndjson
    /// without `select`, rows are the orders' bytes, so no column value is computed and a
    /// selective reader parses only what the filter and the sort keys read; handed out as
    /// `CallqRow`s, whole orders are parsed.
    public func reading(for delivery: Delivery) -> Reading {
        switch delivery {
        case .wholeOrders: return Reading(rawRecords: false, keyPaths: [[]])
        case .written(let format):
            if format.writesRecords, let raw = rawRecordPaths { return Reading(rawRecords: true, keyPaths: raw) }
            return Reading(rawRecords: false, keyPaths: touchedPaths)
        }
    }

    /// Whether every matching record must be seen before the first row (a sort or groups).
    public var collects: Bool {
        if case .groups = shape { return true }
        return !orderBy.isEmpty
    }
}

/// Who receives a run's rows.
public enum Delivery: Sendable, Hashable {
    /// A writer of this format (the session settles `auto` for its terminal).
    case written(OutputFormat)
    /// `CallqSession.rows`: rows that hand out their whole order.
    case wholeOrders
}

/// What a run reads of each order (`Plan.reading(for:)`).
public struct Reading: Sendable, Hashable {
    /// Rows are the orders' own bytes: no column value is computed (`ResultRow.values` is empty).
    public var rawRecords: Bool
    /// The JSON key paths parsed (the empty path: the whole order).
    public var keyPaths: [[String]]

    public init(rawRecords: Bool, keyPaths: [[String]]) {
        self.rawRecords = rawRecords
        self.keyPaths = keyPaths
    }
}

/// A scan of the local mirror: which tasks, and what is read of each (the pushed conjuncts as a
/// typed predicate; CallqMirror makes the SQL from it).
public struct MirrorScanPlan: Sendable, Hashable {
    public var tasks: [String]
    public var query: MirrorQuery
    /// For `CountStrategy.mirrorGroups`: the indexed columns the rows are grouped by.
    public var groupColumns: [String]

    public init(tasks: [String], query: MirrorQuery, groupColumns: [String] = []) {
        self.tasks = tasks
        self.query = query
        self.groupColumns = groupColumns
    }

    /// The WHERE condition added to the scan (nil: every row of the task).
    public var condition: String? { query.condition }
    /// The values of the condition's `?` placeholders, in order.
    public var arguments: [MirrorArgument] { query.arguments }
}

/// The requests of one task.
public struct TaskPlan: Sendable, Hashable {
    public var userTaskID: String
    /// Each request's options; the engine pages each and merges rows without duplicates.
    /// Empty when the filter contradicts itself.
    public var requests: [ListOrderOptions]
    /// For `CountStrategy.pushedGroups`: one request per group value.
    public var groupRequests: [GroupRequest]

    public init(userTaskID: String, requests: [ListOrderOptions], groupRequests: [GroupRequest] = []) {
        self.userTaskID = userTaskID
        self.requests = requests
        self.groupRequests = groupRequests
    }
}

/// One size-1 request whose `totalCount` is the count of a group.
public struct GroupRequest: Sendable, Hashable {
    /// The group's value as it appears in output (`10`, `true`).
    public var value: JSONValue
    public var options: ListOrderOptions

    public init(value: JSONValue, options: ListOrderOptions) {
        self.value = value
        self.options = options
    }
}

/// Which pages to fetch, how big, and how the page budget is kept.
public struct PagingPlan: Sendable, Hashable {
    /// When `max_pages` is checked.
    public enum Budget: Sendable, Hashable {
        /// Before the scan, from page 1's `totalCount` (every page will be read).
        case upFront
        /// As requests are sent: a `limit` without `order by` or groups usually stops long before
        /// the last page, so only the requests actually made count.
        case asSent
    }
    /// `page A..B`; nil means every page.
    public var pages: ClosedRange<Int>?
    public var size: Int
    public var maxPages: Int
    public var budget: Budget

    public init(pages: ClosedRange<Int>?, size: Int, maxPages: Int, budget: Budget = .upFront) {
        self.pages = pages
        self.size = size
        self.maxPages = maxPages
        self.budget = budget
    }
}
