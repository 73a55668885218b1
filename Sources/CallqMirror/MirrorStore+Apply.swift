// The final transaction of a sync: staged orders become the mirror. A full sync
// lays the task's orders out afresh under a new task key and retires the old
// one (set-based, in SQL); an incremental one updates the orders it re-read,
// adds new ones, drops the ones that vanished (and, after a re-read of the
// finished orders, the finished ones the server no longer has). Everything
// happens in one transaction, with the task's sync record, so the mirror is
// always either the previous one or the new one.
import CallbotAPI
import CallqJSON
import CallqSemantics
import Foundation
import GRDB

/// The columns of a mirrored order a sync fills from its JSON, read as the evaluator reads the fields.
enum MirrorRow {
    static func columns(_ json: JSONValue) -> [Int?] {
        MirrorSchema.indexedFields.map { _, field in
            switch field.typedValue(in: json) {
            case .int(let n): n
            case .bool(let b): b ? 1 : 0
            default: nil
            }
        }
    }

    /// The like columns of a mirrored order: the field's text in canonical form, or nil.
    static func likeKeys(_ json: JSONValue) -> [String?] {
        MirrorLayout.likeColumns.map { _, field in
            var key: String?
            _ = field.anyValue(in: json) { value in
                key = MirrorLayout.likeKey(value); return true
            }
            return key
        }
    }

    /// Every column a sync fills from the JSON, in `columnNames` order.
    static func values(_ json: JSONValue) -> [DatabaseValue] {
        columns(json).map(\.databaseValue) + likeKeys(json).map(\.databaseValue)
    }

    /// The members of an order a sync reads (the rest is kept as sent, in the row's JSON text):
    /// pages are parsed only along these.
    static let touchedPaths = CheckedQuery.touchedPaths(
        of: (MirrorSchema.indexedFields + MirrorLayout.likeColumns).map(\.field))

    /// The indexed and like columns, as `values` fills them (the staging table has them too).
    static let columnNames = MirrorSchema.indexedFields.map(\.column) + MirrorLayout.likeColumns.map(\.column)
    /// `columnNames` with their types, as a table declares them.
    static let columnDefinitions =
        (MirrorSchema.indexedFields.map { "\($0.column) INTEGER" } + MirrorLayout.likeColumns.map { "\($0.column) TEXT" })
        .joined(separator: ", ")

    /// Fills the like columns of orders mirrored before they existed (the v4 migration).
    static func fillLikeColumns(_ db: Database) throws {
        let names = MirrorLayout.likeColumns.map { "\($0.column) = ?" }.joined(separator: ", ")
        let update = try db.makeStatement(
            sql: "UPDATE \(MirrorSchema.orderTable) SET \(names) WHERE account = ? AND task = ? AND order_id = ?")
        let rows = try Row.fetchAll(db, sql: "SELECT account, task, order_id, json FROM \(MirrorSchema.orderTable)")
        for row in rows {
            let text: String = row[3]
            guard let json = try? JSONParser.parse(Array(text.utf8)) else { continue }
            let keys: [(any DatabaseValueConvertible)?] = likeKeys(json)
            try update.execute(arguments: StatementArguments(keys + [row[0] as String, row[1] as String, row[2] as String]))
        }
    }
}

/// An order a read of the sync staged: its id, JSON text and the columns filled from it.
struct StagedOrder {
    var id: String
    var json: String
    /// `MirrorRow.columnNames`' values.
    var values: [DatabaseValue]
    /// Its `finish` column (1 finished, 0 unfinished, nil unknown).
    var finish: Int? { Int.fromDatabaseValue(values[MirrorRow.finishIndex]) }
}

extension MirrorRow {
    /// Where `finish` is among `columnNames`.
    static let finishIndex = columnNames.firstIndex(of: "finish")!
}

extension MirrorStore {
    /// Orders the mirror holds as not finished (finish false or unknown).
    func unfinishedIDs(account: String, task: String) throws -> [String] {
        try pool.read { db in
            guard let key = try MirrorSchema.taskKey(db, account: account, task: task) else { return [] }
            return try String.fetchAll(
                db,
                sql: """
                    SELECT order_id FROM \(MirrorSchema.orderTable) WHERE position >= ? AND position < ? AND (finish IS NULL OR finish <> 1)
                    ORDER BY position
                    """, arguments: [MirrorPosition.low(key), MirrorPosition.high(key)])
        }
    }

    /// Folds the WAL into the database and truncates it (after a sync; skipped while a reader holds it).
    func checkpoint() {
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    /// Sets the recorded duration of the last sync of `task` (the whole sync, applying included).
    func recordSeconds(account: String, task: String, _ seconds: Double) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE \(MirrorSchema.taskTable) SET seconds = ? WHERE account = ? AND task = ?",
                arguments: [seconds, account, task])
        }
    }

    /// The finished orders the mirror holds that no read of sync `syncID` returned.
    func finishedNotStaged(account: String, task: String, syncID: String) throws -> [String] {
        try pool.write { db in
            guard let key = try MirrorSchema.taskKey(db, account: account, task: task) else { return [] }
            return try String.fetchAll(
                db,
                sql: """
                    SELECT o.order_id FROM \(MirrorSchema.orderTable) o WHERE o.position >= ? AND o.position < ? AND o.finish = 1
                    AND NOT EXISTS (SELECT 1 FROM \(MirrorSchema.stagingTable) s WHERE s.sync_id = ? AND s.order_id = o.order_id)
                    ORDER BY o.position
                    """, arguments: [MirrorPosition.low(key), MirrorPosition.high(key), syncID])
        }
    }

    /// How many distinct orders the mirror would hold after an incremental sync without a re-read:
    /// its finished orders, and every order staged (held unfinished orders that were not staged vanished).
    func knownAfterStaging(account: String, task: String, syncID: String) throws -> Int {
        try pool.write { db in
            let key = try MirrorSchema.taskKey(db, account: account, task: task) ?? 0
            let kept =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM \(MirrorSchema.orderTable) o WHERE o.task_key = ? AND o.finish = 1
                        AND NOT EXISTS (SELECT 1 FROM \(MirrorSchema.stagingTable) s WHERE s.sync_id = ? AND s.order_id = o.order_id)
                        """, arguments: [key, syncID]) ?? 0
            let staged =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT order_id) FROM \(MirrorSchema.stagingTable) WHERE sync_id = ?
                        """, arguments: [syncID]) ?? 0
            return kept + staged
        }
    }

    /// Applies the staged orders of `syncID` in one transaction, stamping what it stores with the
    /// sync's time `now` (also the task's `synced_at`); returns the task's orders and unfinished, and what changed.
    func apply(
        account: String, task: String, syncID: String, plan: ApplyPlan, stamp now: Int,
        record: (kind: String, requests: Int, seconds: Double), calls: CallsUpdate? = nil
    ) throws -> AppliedSync {
        try pool.write { db in
            var steps: [(String, SyncChanges)] = []
            var changes: SyncChanges
            let key: Int
            switch plan {
            case .full:
                let laid = try Self.layOut(db, account: account, task: task, syncID: syncID, stamp: now)
                key = laid.key
                changes = laid.changes
                var listed = laid.changes
                listed.gone = 0
                steps.append(("every page", listed))
                if laid.held {
                    var gone = SyncChanges()
                    gone.gone = laid.changes.gone
                    steps.append(("not listed", gone))
                }
            case .incremental(let reread):
                guard let held = try MirrorSchema.taskKey(db, account: account, task: task) else {
                    throw MirrorError("task \(task) has no orders in the mirror to update: run `sync task '\(task)' full`")
                }
                key = held
                var writer = OrderWriter(db: db, key: key, task: task, stamp: now)
                /// Merges one listing and notes what it changed, for `--verbose`.
                func merge(_ name: String, _ listings: [Listing]) throws {
                    let (new, replaced) = (writer.changes.new, writer.replaced)
                    try writer.merge(Self.staged(db, syncID, listings))
                    var step = SyncChanges()
                    step.new = writer.changes.new - new
                    step.changed = writer.replaced - replaced
                    steps.append((name, step))
                }
                /// Drops the task's orders `condition` selects; they are gone from the server.
                func drop(_ name: String, _ condition: String, _ arguments: StatementArguments) throws {
                    try db.execute(
                        sql: "DELETE FROM \(MirrorSchema.orderTable) WHERE position >= ? AND position < ? AND \(condition)",
                        arguments: [MirrorPosition.low(key), MirrorPosition.high(key)] + arguments)
                    var gone = SyncChanges()
                    gone.gone = db.changesCount
                    writer.changes.gone += gone.gone
                    steps.append((name, gone))
                }
                try merge("unfinished orders", [.unfinished])
                try merge("asked by id", [.byID])
                try merge("first page", [.front])
                try merge("newest finished", [.newestFinished])
                // Held unfinished, not among the unfinished, not returned by id nor on a first page: gone from the server.
                try drop(
                    "vanished",
                    """
                    (finish IS NULL OR finish <> 1)
                    AND order_id NOT IN (SELECT order_id FROM \(MirrorSchema.stagingTable) WHERE sync_id = ? AND listing IN (?, ?, ?, ?))
                    """,
                    [
                        syncID, Listing.unfinished.rawValue, Listing.byID.rawValue, Listing.front.rawValue,
                        Listing.newestFinished.rawValue
                    ])
                if reread {
                    try merge("finished re-read", [.finished])
                    try merge("finished asked by id", [.verify])
                    // Finished orders the server no longer lists (and that were not just re-read otherwise).
                    try drop(
                        "finished deleted",
                        "finish = 1 AND order_id NOT IN (SELECT order_id FROM \(MirrorSchema.stagingTable) WHERE sync_id = ?)",
                        [syncID])
                }
                changes = writer.settled()
            }
            let attempts = try Self.applyCalls(db, account: account, task: task, key: key, calls, stamp: now)
            changes.newAttempts = attempts.new
            changes.changedAttempts = attempts.changed
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*), COALESCE(SUM(finish IS NULL OR finish <> 1), 0) FROM \(MirrorSchema.orderTable)
                    INDEXED BY \(MirrorSchema.columnsIndex) WHERE task_key = ?
                    """, arguments: [key])
            let (orders, unfinished): (Int, Int) = (counts?[0] ?? 0, counts?[1] ?? 0)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO \(MirrorSchema.taskTable) (account, task, synced_at, kind, requests, seconds, orders, unfinished)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account, task, now, record.kind, record.requests,
                    record.seconds, orders, unfinished
                ])
            try db.execute(sql: "DELETE FROM \(MirrorSchema.stagingTable) WHERE sync_id = ?", arguments: [syncID])
            try db.execute(
                sql: "DELETE FROM \(MirrorSchema.lockTable) WHERE account = ? AND task = ? AND sync_id = ?",
                arguments: [account, task, syncID])
            return AppliedSync(orders: orders, unfinished: unfinished, changes: changes, steps: steps, stamp: now)
        }
    }

    /// Staged orders of some listings, in the order they were read.
    static func staged(_ db: Database, _ syncID: String, _ listings: [Listing]) throws -> [StagedOrder] {
        let names = MirrorRow.columnNames.joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT order_id, json, \(names) FROM \(MirrorSchema.stagingTable) WHERE sync_id = ? AND listing IN (\(listings.map { String($0.rawValue) }.joined(separator: ",")))
                ORDER BY listing, seq
                """, arguments: [syncID])
        return rows.map { row in
            StagedOrder(id: row[0], json: row[1], values: (0..<MirrorRow.columnNames.count).map { row[2 + $0] as DatabaseValue })
        }
    }
}

extension Optional where Wrapped: DatabaseValueConvertible {
    /// The value, or NULL.
    var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
}
