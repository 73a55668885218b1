// What the planner and the mirror module agree on about the mirror's orders
// table: its name, the indexed columns, each holding one catalog field's
// value, and the text columns `like` is answered from. The planner pushes
// conjuncts on these fields into SQL; the mirror (CallqMirror) creates and
// fills exactly these columns and registers the `like` function.

/// The shared description of the mirror's order table.
public enum MirrorLayout {
    /// The table of mirrored orders.
    public static let orderTable = "mirror_order"
    /// The index of the order table that holds every indexed column (after the task's key).
    public static let columnsIndex = "mirror_order_columns"

    /// The indexed columns and the order fields they hold (SPEC §10.2), the sync stamps included.
    public static let indexedColumns: [(column: String, field: Field)] = jsonColumns + stampColumns

    /// The indexed columns a sync fills from each order's JSON.
    public static let jsonColumns: [(column: String, field: Field)] = [
        ("status", Catalog.orders.field(named: "callStatus")!), ("duration", Catalog.orders.field(named: "callDuration")!),
        ("finish", Catalog.orders.field(named: "finish")!), ("started", Catalog.orders.field(named: "callStartTs")!)
    ]

    /// The sync stamps (SPEC §13.1), unix seconds: `seen`, the time of the sync that first stored
    /// a row, and `changed`, of the sync that last stored different bytes for it. They are not in
    /// the API's JSON: a scan that reads them adds them to each row's text as keys of these names.
    public static let stampColumns: [(column: String, field: Field)] = [
        ("seen", Catalog.orders.field(named: "seen")!), ("changed", Catalog.orders.field(named: "changed")!)
    ]

    /// Text columns holding a text field's value in `LikePattern.canonical` form (NULL when the
    /// field has no text value), so `like` on the field is answered by `likeFunction` in SQL.
    public static let likeColumns: [(column: String, field: Field)] = [
        ("name_key", Catalog.orders.field(named: "userName")!)
    ]

    /// The SQL function `likeFunction(column, pattern)`: 1 when the canonical text matches
    /// the like pattern (as written), 0 otherwise and for NULL.
    public static let likeFunction = "callq_like"

    /// The canonical text a like column holds for `value` (the field's typed value).
    public static func likeKey(_ value: Scalar?) -> String? {
        if case .text(let s)? = value { LikePattern.canonical(s) } else { nil }
    }
}

/// A value bound to a `?` of a pushed mirror condition.
public enum MirrorArgument: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    /// A like pattern as written.
    case text(String)

    /// As explain prints it.
    public var description: String {
        switch self {
        case .int(let n): String(n)
        case .text(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}
