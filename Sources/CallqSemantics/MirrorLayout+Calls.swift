// The mirror's table of call attempts (`sync` with `sync_calls = on`, read by
// `calls from mirror`): one row per attempt, in the task's order and attempt
// order, holding the calls row's JSON and the same indexed columns as the order
// table — each the attempt's own value — so the planner pushes the same SQL.

extension MirrorLayout {
    /// The table of mirrored call attempts.
    public static let callTable = "mirror_call"

    /// The attempts with their order's position (the mirror's scan reads from this).
    public static let callRowsSQL =
        "(SELECT c.*, o.position FROM \(callTable) c JOIN \(orderTable) o USING (task_key, order_id))"
}
