// A full sync's write, in SQL: the staged listing of every page is laid out under
// a key no task holds, in the order read (the first time an order appears), the
// orders the task held before pass on their stamps (`changed` only when the bytes
// are the same), its call attempts follow it to the new key, and the old key's
// orders go. A first sync of 200,000 orders is one INSERT … SELECT, appending to
// the table in position order.
import GRDB

extension MirrorStore {
    /// The page cache (KiB) while a full sync lays its orders out.
    static let layOutCacheKiB = 16 * 1024

    /// Lays out the staged orders of `syncID` as task `task`'s orders; returns the task's new key,
    /// whether it held orders before, and what changed (`gone`: held orders not listed now).
    static func layOut(
        _ db: Database, account: String, task: String, syncID: String, stamp: Int
    ) throws -> (key: Int, held: Bool, changes: SyncChanges) {
        let old = try MirrorSchema.taskKey(db, account: account, task: task)
        let key = try MirrorSchema.freeKey(db)
        let (low, high) = (MirrorPosition.low(key), MirrorPosition.high(key))
        let order = MirrorSchema.orderTable
        // Nothing should be there (a key is freed with its orders); a leftover would collide.
        try db.execute(sql: "DELETE FROM \(order) WHERE position >= ? AND position < ?", arguments: [low, high])
        let names = MirrorRow.columnNames.joined(separator: ", ")
        // The new rows' index entries go in at random places: with SQLite's default 2 MB of cache
        // the indexes spill and are written many times over; held in cache, each page is written once.
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(Self.layOutCacheKiB)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO \(order) (position, task_key, order_id, \(names), seen, changed, json)
                SELECT ? + seq * ?, ?, order_id, \(names), ?, ?, json FROM \(MirrorSchema.stagingTable)
                WHERE sync_id = ? AND listing = ? ORDER BY seq
                """,
            arguments: [
                MirrorPosition.origin(key), MirrorPosition.gap, key, stamp, stamp, syncID, Listing.all.rawValue
            ])
        var changes = SyncChanges()
        let listed = db.changesCount
        try MirrorSchema.setTaskKey(db, account: account, task: task, key: key)
        guard let old else {
            changes.new = listed
            return (key, false, changes)
        }
        let counts = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*),
                    COALESCE(SUM(o.json <> n.json AND o.finish IS NOT 1 AND n.finish IS 1), 0),
                    COALESCE(SUM(o.json <> n.json AND NOT (o.finish IS NOT 1 AND n.finish IS 1)), 0)
                FROM \(order) n JOIN \(order) o ON o.task_key = ? AND o.order_id = n.order_id
                WHERE n.position >= ? AND n.position < ?
                """, arguments: [old, low, high])
        let held: Int = counts?[0] ?? 0
        changes.finished = counts?[1] ?? 0
        changes.changed = counts?[2] ?? 0
        changes.new = listed - held
        let before =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM \(order) WHERE position >= ? AND position < ?",
                arguments: [MirrorPosition.low(old), MirrorPosition.high(old)]) ?? 0
        changes.gone = before - held
        // Held orders keep when they were first seen, and when they last changed if their bytes did not.
        try db.execute(
            sql: """
                UPDATE \(order) SET (seen, changed) = (
                    SELECT COALESCE(o.seen, \(order).seen), CASE WHEN o.json = \(order).json THEN o.changed ELSE \(order).changed END
                    FROM \(order) o WHERE o.task_key = ? AND o.order_id = \(order).order_id)
                WHERE position >= ? AND position < ?
                    AND order_id IN (SELECT order_id FROM \(order) WHERE task_key = ?)
                """, arguments: [old, low, high, old])
        for table in [MirrorSchema.callTable, MirrorSchema.callOrderTable] {
            try db.execute(sql: "UPDATE \(table) SET task_key = ? WHERE task_key = ?", arguments: [key, old])
        }
        try db.execute(
            sql: "DELETE FROM \(order) WHERE position >= ? AND position < ?",
            arguments: [MirrorPosition.low(old), MirrorPosition.high(old)])
        return (key, true, changes)
    }
}
