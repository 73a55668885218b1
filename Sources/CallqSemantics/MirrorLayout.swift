// What the planner and the mirror module agree on about the mirror's orders
// table: its name and the indexed columns, each holding one catalog field's
// value. The planner pushes conjuncts on these fields into SQL; the mirror
// (CallqMirror) creates and fills exactly these columns.

/// The shared description of the mirror's order table.
public enum MirrorLayout {
    /// The table of mirrored orders.
    public static let orderTable = "mirror_order"

    /// The indexed columns and the order fields they hold (SPEC §10.2).
    public static let indexedColumns: [(column: String, field: Field)] = [
        ("status", Catalog.orders.field(named: "callStatus")!), ("duration", Catalog.orders.field(named: "callDuration")!),
        ("finish", Catalog.orders.field(named: "finish")!), ("started", Catalog.orders.field(named: "callStartTs")!),
    ]

    /// The SELECT a scan of one task sends, with `condition` (over the indexed columns) if any.
    public static func scanSQL(condition: String?) -> String {
        "SELECT json FROM \(orderTable) WHERE account = ? AND task = ?"
            + (condition.map { " AND \($0)" } ?? "") + " ORDER BY position"
    }
}
