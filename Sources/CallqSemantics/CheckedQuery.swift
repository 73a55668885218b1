// The checked forms of statements and queries: what the planner, the engine
// and the output stage receive. Fields are resolved catalog entries with
// their output names and value kinds.

import CallqJSON
import CallqSyntax

/// A checked statement of §3.1.
public enum CheckedStatement: Sendable {
    case query(CheckedQuery)
    case explain(CheckedQuery)
    case useTask([String])
    case set(name: String, value: SettingValue)
    case letVariable(name: String, value: Variable)
    case tasks(CheckedTasksQuery)
    case ping
    case help(topic: String?)
}

/// A setting's value as written.
public enum SettingValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case bool(Bool)
}

/// A checked query (§3.2).
public struct CheckedQuery: Sendable {
    /// Where orders come from.
    public enum SourceKind: Sendable, Hashable {
        /// The API; `tasks` are the `in task` ids, else the default tasks; `explicit` tells which.
        case api(tasks: [String], explicit: Bool)
        case file(String)
        case stdin
    }
    /// What the query outputs.
    public enum OutputKind: Sendable {
        /// Whole orders (`nil`) or the selected fields.
        case rows([ProjectedField]?)
        /// `count [by …]`
        case count(by: [ProjectedField])
        /// `stats AGG, … [by …]`
        case stats([CheckedAggregate], by: [ProjectedField])
    }

    public var source: SourceKind
    public var filter: CheckedExpr?
    public var output: OutputKind
    public var orderBy: [SortKey]
    public var limit: Int?
    /// `page A..B` (both inclusive); nil means all pages.
    public var pages: ClosedRange<Int>?
    public var size: Int?
    public var format: String?
    public var into: String?
    /// The query as written, for messages.
    public var text: String
    /// Where the query is in the source (for errors found later, like a missing task).
    public var range: SourceRange = .none

    /// JSON key paths (down to the first array) the query reads, sorted; the engine may parse only these.
    public var touchedPaths: [[String]] {
        var fs = filter?.fields ?? []
        switch output {
        case .rows(let p): fs += p?.map(\.field) ?? []
        case .count(let by): fs += by.map(\.field)
        case .stats(let aggs, let by): fs += aggs.compactMap(\.field) + by.map(\.field)
        }
        fs += orderBy.map(\.field)
        let paths = Set(fs.filter { !$0.serverOnly }.map(\.path.keyPrefix) + [["orderID"], ["userTaskID"]])
        return paths.sorted { $0.joined(separator: ".") < $1.joined(separator: ".") }
    }
}

/// A field in `select`, `count by`, `stats … by`: its output name and catalog field.
public struct ProjectedField: Sendable, Hashable {
    /// The name as written, or its `as` name.
    public var name: String
    public var field: Field
    public init(name: String, field: Field) { self.name = name; self.field = field }
    /// The value in an order (multi-valued fields give `.array`).
    public func extract(_ order: JSONValue) -> JSONValue { field.extract(order) }
    /// How to format the value.
    public var kind: ValueKind { field.kind }
}

/// An aggregate of `stats`.
public struct CheckedAggregate: Sendable, Hashable {
    public enum Function: String, Sendable, Hashable, CaseIterable {
        case count, sum, avg, min, max, countDistinct = "count_distinct"
    }
    public var function: Function
    /// The field aggregated (nil for `count()`).
    public var field: Field?
    /// The output name: the `as` name or the text as written (`avg(duration)`).
    public var name: String
}

/// An `order by` key.
public struct SortKey: Sendable, Hashable {
    public var field: Field
    public var descending: Bool
}

/// A checked `tasks [where …] [select …]`, evaluated over listTask's `taskData` objects.
public struct CheckedTasksQuery: Sendable {
    public var filter: CheckedExpr?
    public var select: [ProjectedField]?
}
