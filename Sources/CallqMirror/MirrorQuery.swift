// The SQL a query sends to the mirror, generated in this one place (SPEC §10.4):
// the planner hands over a typed predicate over the indexed columns, and every
// statement a query reads with — the scan, the count, the grouped rows of a
// `count`/`stats` — is built here from it. `explain` prints these same strings
// and the store runs them, so what explain shows is what SQLite is sent.
import CallqSemantics

/// A test the mirror's indexed columns answer exactly (which tests qualify is the planner's
/// MirrorPushdown). Columns are the names in `MirrorLayout`; every value is bound, never spliced.
public indirect enum MirrorPredicate: Sendable, Hashable {
    case constant(Bool)
    case and([MirrorPredicate])
    case or([MirrorPredicate])
    /// `column op ?` over an integer column.
    case compare(column: String, MirrorComparison, Int)
    /// `column IN (?, …)`; no value matches nothing.
    case oneOf(column: String, [Int])
    /// `column BETWEEN ? AND ?`.
    case between(column: String, Int, Int)
    /// `callq_like(column, ?)` over a like column (the evaluator's own `like`, registered by the store).
    case like(column: String, pattern: String)

    /// The predicate as SQL, with a `?` for each of `arguments`.
    public var sql: String { sql(indexed: true) }

    /// The predicate as SQL; `indexed: false` writes each column as `+column`, which SQLite never
    /// answers from an index (see `MirrorQuery.countSQL`).
    public func sql(indexed: Bool) -> String {
        func col(_ c: String) -> String { indexed ? c : "+" + c }
        return switch self {
        case .constant(let b): b ? "1" : "0"
        case .and(let xs): "(" + xs.map { $0.sql(indexed: indexed) }.joined(separator: " AND ") + ")"
        case .or(let xs): "(" + xs.map { $0.sql(indexed: indexed) }.joined(separator: " OR ") + ")"
        case .compare(let c, let op, _): "\(col(c)) \(op.rawValue) ?"
        case .oneOf(_, let ns) where ns.isEmpty: "0"
        case .oneOf(let c, let ns): "\(col(c)) IN (" + ns.map { _ in "?" }.joined(separator: ", ") + ")"
        case .between(let c, _, _): "\(col(c)) BETWEEN ? AND ?"
        case .like(let c, _): "\(MirrorLayout.likeFunction)(\(c), ?)"
        }
    }

    /// The values bound to the `?` of `sql`, in order.
    public var arguments: [MirrorArgument] {
        switch self {
        case .constant: []
        case .and(let xs), .or(let xs): xs.flatMap(\.arguments)
        case .compare(_, _, let n): [.int(n)]
        case .oneOf(_, let ns): ns.map(MirrorArgument.int)
        case .between(_, let a, let b): [.int(a), .int(b)]
        case .like(_, let p): [.text(p)]
        }
    }
}

/// A comparison of an integer column with a value.
public enum MirrorComparison: String, Sendable, Hashable {
    case eq = "=", lt = "<", le = "<=", gt = ">", ge = ">="
}

/// What a query reads from the mirror — orders or call attempts, narrowed by a pushed
/// predicate — and the statements it sends for one task (account and task are the first two
/// arguments of each, the predicate's follow).
public struct MirrorQuery: Sendable, Hashable {
    /// Which rows are read.
    public enum Rows: Sendable, Hashable {
        /// `mirror_order`, in server order (`position`).
        case orders
        /// `mirror_call` joined with its order's position, in server order then attempt order.
        case calls
    }

    public var rows: Rows
    /// The pushed conjuncts (nil: every row of the task).
    public var predicate: MirrorPredicate?
    /// The scan also reads the sync stamps (`MirrorLayout.stampColumns`) and adds them to each
    /// row's text as keys: set when the query reads `seen` or `changed`.
    public var stamps = false

    public init(rows: Rows, predicate: MirrorPredicate?) {
        self.rows = rows
        self.predicate = predicate
    }

    /// The predicate's SQL (nil when there is none), as the statements hold it.
    public var condition: String? { predicate?.sql }
    /// The predicate's arguments.
    public var arguments: [MirrorArgument] { predicate?.arguments ?? [] }

    /// The rows a query reads from.
    var from: String {
        switch rows {
        case .orders: MirrorLayout.orderTable
        case .calls: MirrorLayout.callRowsSQL
        }
    }

    private var whereTask: String { "WHERE account = ? AND task = ?" }
    /// The predicate as every statement here holds it: tested on each row of the task (`+column`,
    /// which SQLite never answers from an index), so a count or a grouping is one pass over the
    /// task's rows in table order at worst. Through a column's index SQLite would look each
    /// matching row up in the table (WITHOUT ROWID, keyed by order id): three to five times that
    /// for a filter that keeps a third of the orders (no index covers two columns).
    private var andByRow: String { predicate.map { " AND " + $0.sql(indexed: false) } ?? "" }

    /// The scan: each row's position (and attempt) and JSON text, in the mirror's order. The
    /// store runs it once per task and streams the texts in chunks. The predicate is tested row by
    /// row along the position index (`+column`): through a column's index SQLite would first sort
    /// every matching row's JSON by position in a temporary tree, so no chunk reached the parsers
    /// (or a `limit`) before the last row was read.
    public var scanSQL: String {
        let extra = stamps ? MirrorLayout.stampColumns.map { ", " + $0.column }.joined() : ""
        switch rows {
        case .orders: return "SELECT position, json\(extra) FROM \(from) \(whereTask)\(andByRow) ORDER BY position"
        case .calls:
            return "SELECT position, attempt, json\(extra) FROM \(from) \(whereTask)\(andByRow) ORDER BY position, attempt"
        }
    }

    /// How many rows of the task pass the predicate (reads only indexes when they cover it).
    public var countSQL: String {
        "SELECT count(*) FROM \(from) \(whereTask)\(andByRow)"
    }

    /// The rows of the task grouped by `columns` (indexed columns), each group with its count:
    /// what a `count`/`stats` that reads nothing else is computed from, without reading any JSON.
    /// `ordered` puts the groups in the order of each one's first row (the order a scan meets
    /// them, which breaks ties of an `order by`); without, SQLite picks the cheapest. When a column
    /// has about one value a row (`fineColumns`), grouping would cost SQLite a sort and save
    /// nothing: the rows' values are read as they are, each a group of one. Orders only.
    public func groupSQL(columns: [String], ordered: Bool) -> String {
        if columns.isEmpty { return countSQL }
        let list = columns.joined(separator: ", ")
        if columns.contains(where: Self.fineColumns.contains) {
            return "SELECT \(list), 1 FROM \(from) \(whereTask)\(andByRow)" + (ordered ? " ORDER BY position" : "")
        }
        // `+column`: grouped in a temporary tree while the rows are read in table order (grouping
        // along a column's index would look every row up through it).
        return "SELECT \(list), count(*) FROM \(from) \(whereTask)\(andByRow) GROUP BY "
            + columns.map { "+" + $0 }.joined(separator: ", ") + (ordered ? " ORDER BY min(position)" : "")
    }

    /// Indexed columns whose values rarely repeat (a call's start time, to the second).
    public static let fineColumns: Set<String> = ["started"]
}
