// Call attempts in the mirror (schema v2). A sync with `sync_calls = on` asks
// listOrderDetail for the orders whose attempts may have changed — every order
// it staged that is new, changed or unfinished, and every order whose attempts
// the mirror does not hold yet — and writes them in the sync's one final
// transaction; a finished order whose JSON is unchanged keeps its attempts (a
// finished order does not change again). A sync without it drops the task's
// attempts, so `calls from mirror` never reads stale ones.
import GRDB

/// The attempts a sync read, to be written with its orders.
struct CallsUpdate {
    /// A calls row: its JSON text and the indexed columns filled from the tree it was read into.
    struct Row {
        var text: String
        var columns: [Int?]
    }
    /// Per order id: its calls rows, attempt order. Ids asked for but absent from
    /// the replies are not here, so a later sync asks again.
    var rows: [String: [Row]]
}

extension MirrorStore {
    /// True when the last sync of `task` kept its call attempts.
    public func keepsCalls(account: String, task: String) throws -> Bool {
        try pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM \(MirrorSchema.callTaskTable) WHERE account = ? AND task = ?",
                arguments: [account, task]) ?? 0 > 0
        }
    }

    /// The orders a sync must ask listOrderDetail for (see the file comment), in staging order.
    func idsNeedingCalls(account: String, task: String, syncID: String, full: Bool) throws -> [String] {
        try pool.write { db in
            let key = try MirrorSchema.taskKey(db, account: account, task: task) ?? 0
            var ids = try String.fetchAll(
                db,
                sql: """
                    SELECT s.order_id FROM \(MirrorSchema.stagingTable) s
                    LEFT JOIN \(MirrorSchema.orderTable) o ON o.task_key = ? AND o.order_id = s.order_id
                    WHERE s.sync_id = ? AND (o.order_id IS NULL OR o.json <> s.json OR s.finish IS NULL OR s.finish <> 1
                        OR NOT EXISTS (SELECT 1 FROM \(MirrorSchema.callOrderTable) k
                                       WHERE k.task_key = ? AND k.order_id = s.order_id))
                    ORDER BY s.listing, s.seq
                    """, arguments: [key, syncID, key])
            if !full {
                // Finished orders kept as they are whose attempts were never read (sync_calls turned on since).
                ids += try String.fetchAll(
                    db,
                    sql: """
                        SELECT o.order_id FROM \(MirrorSchema.orderTable) o WHERE o.position >= ? AND o.position < ? AND o.finish = 1
                        AND NOT EXISTS (SELECT 1 FROM \(MirrorSchema.stagingTable) s WHERE s.sync_id = ? AND s.order_id = o.order_id)
                        AND NOT EXISTS (SELECT 1 FROM \(MirrorSchema.callOrderTable) k
                                        WHERE k.task_key = ? AND k.order_id = o.order_id)
                        ORDER BY o.position
                        """, arguments: [MirrorPosition.low(key), MirrorPosition.high(key), syncID, key])
            }
            var seen = Set<String>()
            return ids.filter { seen.insert($0).inserted }
        }
    }

    /// Inside the apply transaction, after the orders: writes the attempts read, drops those of
    /// orders that are gone, and records that the task keeps attempts (nil: drops them all). An
    /// attempt keeps its `seen` (and its `changed` when its bytes are the same); returns how many
    /// attempts were new and how many changed.
    static func applyCalls(
        _ db: Database, account: String, task: String, key: Int, _ update: CallsUpdate?,
        stamp: Int
    ) throws -> (new: Int, changed: Int) {
        guard let update else {
            for table in [MirrorSchema.callTable, MirrorSchema.callOrderTable] {
                try db.execute(sql: "DELETE FROM \(table) WHERE task_key = ?", arguments: [key])
            }
            try db.execute(
                sql: "DELETE FROM \(MirrorSchema.callTaskTable) WHERE account = ? AND task = ?", arguments: [account, task])
            return (0, 0)
        }
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO \(MirrorSchema.callTable) (task_key, order_id, attempt, status, duration, finish, started, json, seen, changed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let heldRows = try db.makeStatement(
            sql: """
                SELECT attempt, json, seen, changed FROM \(MirrorSchema.callTable) WHERE task_key = ? AND order_id = ?
                """)
        let drop = try db.makeStatement(sql: "DELETE FROM \(MirrorSchema.callTable) WHERE task_key = ? AND order_id = ?")
        let listed = try db.makeStatement(
            sql: "INSERT OR IGNORE INTO \(MirrorSchema.callOrderTable) (task_key, order_id) VALUES (?, ?)")
        var counts = (new: 0, changed: 0)
        for (id, rows) in update.rows {
            var held: [Int: (json: String, seen: Int?, changed: Int?)] = [:]
            for row in try Row.fetchAll(heldRows, arguments: [key, id]) { held[row[0]] = (row[1], row[2], row[3]) }
            try drop.execute(arguments: [key, id])
            try listed.execute(arguments: [key, id])
            for (k, row) in rows.enumerated() {
                let text = row.text
                var seen = stamp, changed = stamp
                if let was = held[k + 1] {
                    seen = was.seen ?? stamp
                    if was.json == text { changed = was.changed ?? stamp } else { counts.changed += 1 }
                } else {
                    counts.new += 1
                }
                let values: [(any DatabaseValueConvertible)?] =
                    [key, id, k + 1] + row.columns.map { $0 as (any DatabaseValueConvertible)? } + [
                        text, seen, changed
                    ]
                try insert.execute(arguments: StatementArguments(values))
            }
        }
        for table in [MirrorSchema.callTable, MirrorSchema.callOrderTable] {
            try db.execute(
                sql: """
                    DELETE FROM \(table) WHERE task_key = ? AND order_id NOT IN
                        (SELECT order_id FROM \(MirrorSchema.orderTable) WHERE task_key = ?)
                    """, arguments: [key, key])
        }
        try db.execute(
            sql: "INSERT OR IGNORE INTO \(MirrorSchema.callTaskTable) (account, task) VALUES (?, ?)",
            arguments: [account, task])
        return counts
    }
}
