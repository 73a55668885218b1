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
/// predicate — and the statements it sends for one task. Each statement names the task first:
/// by its orders' position range (`position >= ? AND position < ?`, a walk along the table) or by
/// its key (`task_key = ?`); `taskArguments(of:key:)` gives those values, the predicate's follow.
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

    /// The task's orders in the table, in position order.
    static let byRange = "WHERE position >= ? AND position < ?"
    /// The task by its key.
    static let byKey = "WHERE task_key = ?"

    /// The values of the task's placeholders at the head of `sql`, one of this type's statements.
    public static func taskArguments(of sql: String, key: Int) -> [Int] {
        sql.contains(byRange) ? [MirrorPosition.low(key), MirrorPosition.high(key)] : [key]
    }

    /// The predicate as every statement here holds it: tested on each row of the task (`+column`,
    /// which SQLite never answers from an index). A count or a grouping walks the task's part of
    /// the one index that holds every indexed column (`INDEXED BY`, never a row's JSON); a scan
    /// walks the task's part of the table, already in position order.
    private var andByRow: String { predicate.map { " AND " + $0.sql(indexed: false) } ?? "" }

    /// The orders' covering index, for statements that read no JSON.
    private static let covered = "\(MirrorLayout.orderTable) INDEXED BY \(MirrorLayout.columnsIndex)"

    /// The scan: each row's position (and attempt) and JSON text, in the mirror's order. The
    /// store runs it once per task and streams the texts in chunks as SQLite reads them.
    public var scanSQL: String {
        let extra = stamps ? MirrorLayout.stampColumns.map { ", " + $0.column }.joined() : ""
        switch rows {
        case .orders:
            return "SELECT position, json\(extra) FROM \(MirrorLayout.orderTable) \(Self.byRange)\(andByRow) ORDER BY position"
        case .calls:
            return "SELECT position, attempt, json\(extra) FROM \(MirrorLayout.callRowsSQL) \(Self.byKey)\(andByRow) "
                + "ORDER BY position, attempt"
        }
    }

    /// How many rows of the task pass the predicate (orders: from the covering index alone).
    public var countSQL: String {
        switch rows {
        case .orders: "SELECT count(*) FROM \(Self.covered) \(Self.byKey)\(andByRow)"
        case .calls: "SELECT count(*) FROM \(MirrorLayout.callRowsSQL) \(Self.byKey)\(andByRow)"
        }
    }

    /// The rows of the task grouped by `columns` (indexed columns), each group with its count:
    /// what a `count`/`stats` that reads nothing else is computed from, without reading any JSON.
    /// `ordered` puts the groups in the order of each one's first row (the order a scan meets
    /// them, which breaks ties of an `order by`); without, SQLite picks the cheapest. When a column
    /// has about one value a row (`fineColumns`), grouping would cost SQLite a sort and save
    /// nothing: the rows' values are read as they are, each a group of one (in position order
    /// when `ordered`: along the table). Orders only.
    public func groupSQL(columns: [String], ordered: Bool) -> String {
        if columns.isEmpty { return countSQL }
        let list = columns.joined(separator: ", ")
        if columns.contains(where: Self.fineColumns.contains) {
            return ordered
                ? "SELECT \(list), 1 FROM \(MirrorLayout.orderTable) \(Self.byRange)\(andByRow) ORDER BY position"
                : "SELECT \(list), 1 FROM \(Self.covered) \(Self.byKey)\(andByRow)"
        }
        // Columns that begin the covering index (status, duration, …) are grouped as the index is
        // read, without a sort (three times faster by status and duration); others in a temporary tree.
        return "SELECT \(list), count(*) FROM \(Self.covered) \(Self.byKey)\(andByRow) GROUP BY \(list)"
            + (ordered ? " ORDER BY min(position)" : "")
    }

    /// Indexed columns whose values rarely repeat (a call's start time, to the second).
    public static let fineColumns: Set<String> = ["started"]
}
