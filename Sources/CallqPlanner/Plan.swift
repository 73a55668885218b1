// The Plan: per task, the listOrder requests to send (pushdown) and, for all
// of them, the residual filter the client still applies; plus how `count` is
// answered, the paging plan and the limit.

import CallbotAPI
import CallqJSON
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

    public init(pageSize: Int = 100, idsPerList: Int = 100, recheck: Bool = false, maxPages: Int = 1000) {
        self.pageSize = pageSize
        self.idsPerList = max(1, idsPerList)
        self.recheck = recheck
        self.maxPages = maxPages
    }
}

/// How a query is executed.
public struct Plan: Sendable {
    /// Where orders come from.
    public enum SourcePlan: Sendable, Hashable {
        case api
        case file(String)
        case stdin
    }

    /// How `count` is answered.
    public enum CountStrategy: Sendable {
        /// Stream the rows and count or aggregate them (also every non-count query).
        case scan
        /// The sum of `totalCount` over every request of every task, each sent with size 1
        /// (several requests per task only when they cannot overlap).
        case pushedTotal
        /// `count by callStatus|finish`: one size-1 request per value (`TaskPlan.groupRequests`) plus
        /// the total (`requests[0]`); if the groups do not add up to the total, scan instead.
        case pushedGroups(by: ProjectedField, values: [JSONValue])
    }

    public var source: SourcePlan
    /// One entry per task (empty for file/stdin, or when no task passes the filter).
    public var tasks: [TaskPlan]
    /// What the client evaluates on every order received; nil keeps them all.
    public var residual: CheckedExpr?
    /// The conjuncts sent to the server (answered exactly, so not in the residual unless `recheck`).
    public var pushed: [CheckedExpr]
    /// Conjuncts that only narrowed the requests (a superset was sent); they stay in the residual.
    public var narrowing: [CheckedExpr]
    public var count: CountStrategy
    public var paging: PagingPlan
    /// `limit N`: stop after N result rows.
    public var limit: Int?
    /// The checked query this plan runs (output, order by, format, into).
    public var query: CheckedQuery
    public var settings: PlanSettings

    /// True when the filter can match nothing: no request is sent at all.
    public var isEmpty: Bool { source == .api && tasks.allSatisfy(\.requests.isEmpty) }
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

/// Which pages to fetch and how big.
public struct PagingPlan: Sendable, Hashable {
    /// `page A..B`; nil means every page.
    public var pages: ClosedRange<Int>?
    public var size: Int
    public var maxPages: Int

    public init(pages: ClosedRange<Int>?, size: Int, maxPages: Int) {
        self.pages = pages
        self.size = size
        self.maxPages = maxPages
    }
}
