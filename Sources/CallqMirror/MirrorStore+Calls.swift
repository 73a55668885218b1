// Call attempts in the mirror (schema v2). A sync with `sync_calls = on` asks
// listOrderDetail for the orders whose attempts may have changed — every order
// it staged that is new, changed or unfinished, and every order whose attempts
// the mirror does not hold yet — and writes them in the sync's one final
// transaction; a finished order whose JSON is unchanged keeps its attempts (a
// finished order does not change again). A sync without it drops the task's
// attempts, so `calls from mirror` never reads stale ones.
import CallbotAPI
import CallqJSON
import CallqSemantics
import GRDB

/// The attempts a sync read, to be written with its orders.
struct CallsUpdate {
    /// Per order id: its calls rows (JSON text), attempt order. Ids asked for but absent from
    /// the replies are not here, so a later sync asks again.
    var rows: [String: [String]]
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
            var ids = try String.fetchAll(
                db,
                sql: """
                    SELECT s.order_id FROM \(MirrorSchema.stagingTable) s
                    LEFT JOIN \(MirrorSchema.orderTable) o ON o.account = ? AND o.task = ? AND o.order_id = s.order_id
                    WHERE s.sync_id = ? AND (o.order_id IS NULL OR o.json <> s.json OR s.finish IS NULL OR s.finish <> 1
                        OR NOT EXISTS (SELECT 1 FROM \(MirrorSchema.callOrderTable) k
                                       WHERE k.account = ? AND k.task = ? AND k.order_id = s.order_id))
                    ORDER BY s.listing, s.seq
                    """, arguments: [account, task, syncID, account, task])
            if !full {
                // Finished orders kept as they are whose attempts were never read (sync_calls turned on since).
                ids += try String.fetchAll(
                    db,
                    sql: """
                        SELECT o.order_id FROM \(MirrorSchema.orderTable) o WHERE o.account = ? AND o.task = ? AND o.finish = 1
                        AND NOT EXISTS (SELECT 1 FROM \(MirrorSchema.stagingTable) s WHERE s.sync_id = ? AND s.order_id = o.order_id)
                        AND NOT EXISTS (SELECT 1 FROM \(MirrorSchema.callOrderTable) k
                                        WHERE k.account = ? AND k.task = ? AND k.order_id = o.order_id)
                        ORDER BY o.position
                        """, arguments: [account, task, syncID, account, task])
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
        _ db: Database, account: String, task: String, _ update: CallsUpdate?,
        stamp: Int
    ) throws -> (new: Int, changed: Int) {
        guard let update else {
            for table in [MirrorSchema.callTable, MirrorSchema.callOrderTable, MirrorSchema.callTaskTable] {
                try db.execute(sql: "DELETE FROM \(table) WHERE account = ? AND task = ?", arguments: [account, task])
            }
            return (0, 0)
        }
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO \(MirrorSchema.callTable) (account, task, order_id, attempt, status, duration, finish, started, json, seen, changed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let heldRows = try db.makeStatement(
            sql: """
                SELECT attempt, json, seen, changed FROM \(MirrorSchema.callTable) WHERE account = ? AND task = ? AND order_id = ?
                """)
        var counts = (new: 0, changed: 0)
        for (id, rows) in update.rows {
            var held: [Int: (json: String, seen: Int?, changed: Int?)] = [:]
            for row in try Row.fetchAll(heldRows, arguments: [account, task, id]) { held[row[0]] = (row[1], row[2], row[3]) }
            try db.execute(
                sql: "DELETE FROM \(MirrorSchema.callTable) WHERE account = ? AND task = ? AND order_id = ?",
                arguments: [account, task, id])
            try db.execute(
                sql: "INSERT OR IGNORE INTO \(MirrorSchema.callOrderTable) (account, task, order_id) VALUES (?, ?, ?)",
                arguments: [account, task, id])
            for (k, text) in rows.enumerated() {
                let json = try JSONParser.parse(Array(text.utf8))
                var seen = stamp, changed = stamp
                if let was = held[k + 1] {
                    seen = was.seen ?? stamp
                    if was.json == text { changed = was.changed ?? stamp } else { counts.changed += 1 }
                } else {
                    counts.new += 1
                }
                let values: [(any DatabaseValueConvertible)?] =
                    [account, task, id, k + 1]
                    + MirrorRow.columns(json).map { $0 as (any DatabaseValueConvertible)? } + [text, seen, changed]
                try insert.execute(arguments: StatementArguments(values))
            }
        }
        for table in [MirrorSchema.callTable, MirrorSchema.callOrderTable] {
            try db.execute(
                sql: """
                    DELETE FROM \(table) WHERE account = ? AND task = ? AND order_id NOT IN
                        (SELECT order_id FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ?)
                    """, arguments: [account, task, account, task])
        }
        try db.execute(
            sql: "INSERT OR IGNORE INTO \(MirrorSchema.callTaskTable) (account, task) VALUES (?, ?)",
            arguments: [account, task])
        return counts
    }
}
