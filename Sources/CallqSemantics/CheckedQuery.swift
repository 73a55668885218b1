// The checked forms of statements and queries: everything a run needs, resolved
// once. Names are catalog fields, output columns carry their names and kinds,
// sort keys say whether they read a record or an output column, and format,
// paging, limit and `into` are typed. The planner adds requests and the residual;
// the engine only translates.

import CallqJSON
import CallqResult
import CallqSyntax

/// A checked statement of §3.1.
public enum CheckedStatement: Sendable {
    /// `orders …`, `tasks …`
    case query(CheckedQuery)
    /// `explain orders …`
    case explain(CheckedQuery)
    case useTask([String])
    /// `set NAME = VALUE`, the value typed and in range.
    case set(SettingKey, SettingValue)
    case letVariable(name: String, value: Variable)
    /// `sync [task …] [full]`: the tasks (named, else the default tasks).
    case sync(tasks: [String], full: Bool)
    /// `mirrors`
    case mirrors
    case ping
    case help(topic: String?)
    /// `watch [every D] [frames N] QUERY`: the query re-run every frame (SPEC §13.2)
    case watch(WatchSpec, CheckedQuery)
}

/// Where a query's records come from.
public enum QuerySource: Sendable, Hashable {
    /// The API's listOrder; `tasks` are the `in task` ids, else the default tasks; `explicit` tells which.
    case api(tasks: [String], explicit: Bool)
    /// `from file 'PATH'`
    case file(String)
    /// `from stdin`
    case stdin
    /// `tasks …`: the API's listTask.
    case taskList
    /// `orders from mirror [in task …]`: the local mirror; tasks as for `.api`.
    case mirror(tasks: [String], explicit: Bool)

    /// True for the sources that read the API.
    public var readsAPI: Bool {
        switch self {
        case .api, .taskList: true
        case .file, .stdin, .mirror: false
        }
    }
}

/// What a query makes of the records that pass its filter.
public enum ResultShape: Sendable, Hashable {
    /// One row per record. `values[i]` is output column i; with `passThrough`, json and
    /// ndjson write the record exactly as it was received instead (no `select`).
    case records(values: [CheckedTerm], passThrough: Bool)
    /// `count [by …]` and `stats … [by …]`: records are grouped by `keys` and `aggregates` accumulated;
    /// each group row (keys' values, then aggregates') gives the output columns `outputs` (terms over
    /// `.slot`s of that row); `having` then keeps the rows it holds for (tests over output columns).
    case groups(keys: [CheckedTerm], aggregates: [CheckedAggregate], outputs: [CheckedTerm], having: CheckedExpr?)
}

/// A checked query (§3.2).
public struct CheckedQuery: Sendable {
    public var source: QuerySource
    public var filter: CheckedExpr?
    public var shape: ResultShape
    /// The output columns: name as written (or its `as` name) and kind, in order.
    public var columns: [Column]
    public var orderBy: [SortKey]
    public var limit: Int?
    /// `page A..B` (both inclusive); nil means all pages.
    public var pages: ClosedRange<Int>?
    /// `size N`; nil means the session's page size.
    public var size: Int?
    /// The format (or auto), `into` and chart columns, resolved once.
    public var output: ResultOutput
    /// Orders or call attempts (`calls`, SPEC §11).
    public var unit: RowUnit = .orders
    /// The query as written (canonical form), for explain and messages.
    public var text: String
    /// Where the query is in the source (for errors found later, like a missing task).
    public var range: SourceRange = .none

    public init(
        source: QuerySource, filter: CheckedExpr?, shape: ResultShape, columns: [Column],
        orderBy: [SortKey], limit: Int?, pages: ClosedRange<Int>?, size: Int?, output: ResultOutput,
        text: String, range: SourceRange = .none
    ) {
        self.source = source; self.filter = filter; self.shape = shape; self.columns = columns
        self.orderBy = orderBy; self.limit = limit; self.pages = pages; self.size = size
        self.output = output; self.text = text; self.range = range
    }

    /// What a result row is called in footers: `orders`, `tasks`, `groups` or `rows`.
    public var noun: String {
        switch shape {
        case .groups(let keys, _, _, _): return keys.isEmpty ? "rows" : "groups"
        case .records: return source == .taskList ? "tasks" : unit.rawValue
        }
    }

    /// Every catalog field the query reads (filter, outputs, sort keys).
    public var fields: [Field] {
        var fs = filter?.fields ?? []
        switch shape {
        case .records(let values, _): fs += values.flatMap(\.fields)
        case .groups(let keys, let aggs, _, _): fs += keys.flatMap(\.fields) + aggs.flatMap(\.fields)
        }
        for k in orderBy { if case .term(let t) = k.key { fs += t.fields } }
        return fs
    }

    /// JSON key paths (down to the first array) the query reads, sorted; a selective reader may
    /// parse only these (plus `orderID` and `userTaskID`, which de-duplication and rows need).
    public var touchedPaths: [[String]] { Self.touchedPaths(of: fields) }

    /// The JSON key paths `fields` read (down to the first array), with `orderID` and
    /// `userTaskID`, sorted.
    public static func touchedPaths(of fields: [Field]) -> [[String]] {
        let paths = Set(fields.filter { !$0.serverOnly }.map(\.path.keyPrefix) + [["orderID"], ["userTaskID"]])
        return paths.sorted { $0.joined(separator: ".") < $1.joined(separator: ".") }
    }
}

/// An `order by` key: what it reads, which way, and where nulls go.
public struct SortKey: Sendable, Hashable {
    public enum Key: Sendable, Hashable {
        /// A value of the record (row queries): `order by duration`.
        case term(CheckedTerm)
        /// Output column #n (0-based): an alias of `select`, or any column of a `count`/`stats` result.
        case column(Int)
    }
    public var key: Key
    public var descending: Bool
    /// Nulls come first (`nulls first`); by default they come last in both directions.
    public var nullsFirst: Bool

    public init(key: Key, descending: Bool, nullsFirst: Bool = false) {
        self.key = key; self.descending = descending; self.nullsFirst = nullsFirst
    }
}

/// The aggregate functions of `count` and `stats` (SPEC §3.2, §9.2).
public enum AggregateFunction: String, Sendable, Hashable, CaseIterable {
    case count, sum, avg, min, max
    case countDistinct = "count_distinct"
    case countif, sumif, avgif, percentile, median, share
}

/// One aggregate of `count`/`stats`: its function, what it reads, and its output column.
public struct CheckedAggregate: Sendable, Hashable {
    public var function: AggregateFunction
    /// The value aggregated (nil for `count()`, `countif`, `share()`).
    public var argument: CheckedTerm?
    /// The condition of `countif`/`sumif`/`avgif`: only records where it holds count.
    public var condition: CheckedExpr?
    /// P of `percentile(X, P)` (50 for `median`).
    public var percent: Double?
    /// The output name: the `as` name or the text as written (`avg(duration)`; `count` for `count`).
    public var name: String
    /// How the result is shown.
    public var kind: ColumnKind

    public init(
        function: AggregateFunction, argument: CheckedTerm?, condition: CheckedExpr? = nil,
        percent: Double? = nil, name: String, kind: ColumnKind
    ) {
        self.function = function; self.argument = argument; self.condition = condition
        self.percent = percent; self.name = name; self.kind = kind
    }

    /// True when both compute the same value (names aside).
    public func computesSame(as o: CheckedAggregate) -> Bool {
        function == o.function && argument == o.argument && condition == o.condition && percent == o.percent
    }

    /// `count()` named `count`, as `count [by …]` makes it.
    public static let countAll = CheckedAggregate(function: .count, argument: nil, name: "count", kind: .integer)

    public var fields: [Field] { (argument?.fields ?? []) + (condition?.fields ?? []) }

    /// Counts every record, whatever its output name: `count`, `count()`, `count() as n`.
    public var countsEveryRecord: Bool { function == .count && argument == nil && condition == nil }
}

extension ResultShape {
    /// Groups whose only aggregate counts every record (`count by …`, `stats count() as n by …`,
    /// `stats count() * 2`): answerable from the source's totals, whatever the outputs make of them.
    public var countsOnly: Bool {
        guard case .groups(_, let aggregates, _, _) = self, !aggregates.isEmpty else { return false }
        return aggregates.allSatisfy(\.countsEveryRecord)
    }
}
