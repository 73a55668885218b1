// The final transaction of a sync: staged orders become the mirror. A full sync
// replaces the task's orders; an incremental one updates the orders it re-read,
// adds new ones, drops the ones that vanished (and, after a re-read of the
// finished orders, the finished ones the server no longer has). Everything
// happens in one transaction, with the task's sync record, so the mirror is
// always either the previous one or the new one.
import CallbotAPI
import CallqJSON
import CallqSemantics
import Foundation
import GRDB

/// The indexed columns of a mirrored order, read as the evaluator reads the fields.
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

    /// Every column a write sets besides the ids and position, in `columnNames` order.
    static func values(_ json: JSONValue) -> [(any DatabaseValueConvertible)?] {
        columns(json).map { $0 as (any DatabaseValueConvertible)? } + likeKeys(json).map { $0 as (any DatabaseValueConvertible)? }
    }

    /// The indexed and like columns, as `values` fills them.
    static let columnNames = MirrorSchema.indexedFields.map(\.column) + MirrorLayout.likeColumns.map(\.column)

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

    /// 1 finished, 0 unfinished, nil unknown.
    static func finish(_ json: JSONValue) -> Int? {
        switch Catalog.orders.field(named: "finish")!.typedValue(in: json) {
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }
}

extension MirrorStore {
    /// Space between the positions of neighbouring orders, so later syncs can insert between them.
    static let gap: Int64 = 1 << 16

    /// Orders the mirror holds as not finished (finish false or unknown).
    func unfinishedIDs(account: String, task: String) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT order_id FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ? AND (finish IS NULL OR finish <> 1)
                    ORDER BY position
                    """, arguments: [account, task])
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
            try String.fetchAll(
                db,
                sql: """
                    SELECT o.order_id FROM \(MirrorSchema.orderTable) o WHERE o.account = ? AND o.task = ? AND o.finish = 1
                    AND NOT EXISTS (SELECT 1 FROM \(MirrorSchema.stagingTable) s WHERE s.sync_id = ? AND s.order_id = o.order_id)
                    ORDER BY o.position
                    """, arguments: [account, task, syncID])
        }
    }

    /// How many distinct orders the mirror would hold after an incremental sync without a re-read:
    /// its finished orders, and every order staged (held unfinished orders that were not staged vanished).
    func knownAfterStaging(account: String, task: String, syncID: String) throws -> Int {
        try pool.write { db in
            let kept =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM \(MirrorSchema.orderTable) o WHERE o.account = ? AND o.task = ? AND o.finish = 1
                        AND NOT EXISTS (SELECT 1 FROM \(MirrorSchema.stagingTable) s WHERE s.sync_id = ? AND s.order_id = o.order_id)
                        """, arguments: [account, task, syncID]) ?? 0
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
    /// sync's time (also the task's `synced_at`); returns the task's orders and unfinished, and what changed.
    func apply(
        account: String, task: String, syncID: String, plan: ApplyPlan,
        record: (kind: String, requests: Int, seconds: Double), calls: CallsUpdate? = nil
    ) throws -> AppliedSync {
        try pool.write { db in
            let now = Int(Date().timeIntervalSince1970)
            var writer = OrderWriter(db: db, account: account, task: task, stamp: now)
            var steps: [(String, SyncChanges)] = []
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
                    sql: "DELETE FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ? AND \(condition)",
                    arguments: [account, task] + arguments)
                var gone = SyncChanges()
                gone.gone = db.changesCount
                writer.changes.gone += gone.gone
                steps.append((name, gone))
            }
            switch plan {
            case .full:
                // Orders the mirror holds keep their stamps (and `changed` when their bytes are the
                // same); every order takes the place the listing gives it.
                let held =
                    try Int.fetchOne(
                        db, sql: "SELECT 1 FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ? LIMIT 1",
                        arguments: [account, task]) != nil
                var position = Int64(0)
                var seen = Set<String>()
                // A cursor, not an array: the staged pages of a first sync are the whole task.
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT order_id, json FROM \(MirrorSchema.stagingTable) WHERE sync_id = ? AND listing = ? ORDER BY seq
                        """, arguments: [syncID, Listing.all.rawValue])
                while let row = try rows.next() {
                    let id: String = row[0]
                    guard seen.insert(id).inserted else { continue }
                    position += Self.gap
                    try writer.put(id, row[1], at: position, held: held)
                }
                var step = writer.changes
                step.changed = writer.replaced
                steps.append(("every page", step))
                if held {
                    try drop(
                        "not listed", "order_id NOT IN (SELECT order_id FROM \(MirrorSchema.stagingTable) WHERE sync_id = ?)",
                        [syncID])
                }
            case .incremental(let reread):
                try merge("unfinished orders", [.unfinished])
                try merge("asked by id", [.byID])
                try merge("first page", [.front])
                // Held unfinished, not among the unfinished, not returned by id nor on the first page: gone from the server.
                try drop(
                    "vanished",
                    """
                    (finish IS NULL OR finish <> 1)
                    AND order_id NOT IN (SELECT order_id FROM \(MirrorSchema.stagingTable) WHERE sync_id = ? AND listing IN (?, ?, ?))
                    """, [syncID, Listing.unfinished.rawValue, Listing.byID.rawValue, Listing.front.rawValue])
                if reread {
                    try merge("finished re-read", [.finished])
                    try merge("finished asked by id", [.verify])
                    // Finished orders the server no longer lists (and that were not just re-read otherwise).
                    try drop(
                        "finished deleted",
                        "finish = 1 AND order_id NOT IN (SELECT order_id FROM \(MirrorSchema.stagingTable) WHERE sync_id = ?)",
                        [syncID])
                }
            }
            var changes = writer.settled()
            let attempts = try Self.applyCalls(db, account: account, task: task, calls, stamp: now)
            changes.newAttempts = attempts.new
            changes.changedAttempts = attempts.changed
            let orders =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ?",
                    arguments: [account, task]) ?? 0
            let unfinished =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ? AND (finish IS NULL OR finish <> 1)
                        """, arguments: [account, task]) ?? 0
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

    /// Staged (orderID, JSON text) of some listings, in the order they were read.
    static func staged(_ db: Database, _ syncID: String, _ listings: [Listing]) throws -> [(String, String)] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT order_id, json FROM \(MirrorSchema.stagingTable) WHERE sync_id = ? AND listing IN (\(listings.map { String($0.rawValue) }.joined(separator: ",")))
                ORDER BY listing, seq
                """, arguments: [syncID])
        return rows.map { ($0[0], $0[1]) }
    }
}

/// Writes orders of one task inside the apply transaction, keeping server order: an order
/// the mirror already holds keeps its place; a new one goes right after the order that
/// precedes it in the listing (or first, when none does) — where a server that adds
/// orders at the front, as the vendor's does when a campaign queues calls, puts it.
/// Every row it stores is stamped with the sync's time (`seen` when new, `changed` when its
/// bytes differ), and it tells what it changed.
struct OrderWriter {
    let db: Database
    let account: String
    let task: String
    /// The sync's time (unix seconds).
    let stamp: Int
    /// New orders and the running count of gone ones; `settled()` adds finished and changed.
    var changes = SyncChanges()
    /// How many times it replaced the bytes of an order (per step, for `--verbose`).
    var replaced = 0
    /// Orders held before this sync whose bytes it replaced: how they were (finish, bytes' hash).
    private var before: [String: (finish: Int?, hash: Int)] = [:]
    /// The same orders as they are now.
    private var after: [String: (finish: Int?, hash: Int)] = [:]
    /// Orders this sync added (an incremental sync may meet one again in a later listing).
    private var added = Set<String>()

    init(db: Database, account: String, task: String, stamp: Int) {
        self.db = db; self.account = account; self.task = task; self.stamp = stamp
    }

    /// Inserts an order the mirror does not hold.
    mutating func insert(_ id: String, _ text: String, at position: Int64, remember: Bool = true) throws {
        let json = try JSONParser.parse(Array(text.utf8))
        let names = MirrorRow.columnNames
        try db.execute(
            sql: """
                INSERT INTO \(MirrorSchema.orderTable) (account, task, order_id, position, \(names.joined(separator: ", ")), json, seen, changed)
                VALUES (?, ?, ?, ?, \(names.map { _ in "?" }.joined(separator: ", ")), ?, ?, ?)
                """, arguments: StatementArguments([account, task, id, position] + MirrorRow.values(json) + [text, stamp, stamp]))
        changes.new += 1
        if remember { added.insert(id) }
    }

    /// Replaces the bytes of a held order (`held`: its finish and JSON now); the same bytes write nothing.
    mutating func update(_ id: String, _ text: String, held: (finish: Int?, json: String), position: Int64? = nil) throws {
        if held.json == text {
            if let position {
                try db.execute(
                    sql: "UPDATE \(MirrorSchema.orderTable) SET position = ? WHERE account = ? AND task = ? AND order_id = ?",
                    arguments: [position, account, task, id])
            }
            return
        }
        let json = try JSONParser.parse(Array(text.utf8))
        let sets = MirrorRow.columnNames.map { "\($0) = ?" }.joined(separator: ", ")
        try db.execute(
            sql: """
                UPDATE \(MirrorSchema.orderTable) SET \(sets), json = ?, changed = ?\(position == nil ? "" : ", position = \(position!)")
                WHERE account = ? AND task = ? AND order_id = ?
                """, arguments: StatementArguments(MirrorRow.values(json) + [text, stamp, account, task, id]))
        replaced += 1
        if !added.contains(id), before[id] == nil { before[id] = (held.finish, held.json.hashValue) }
        if before[id] != nil { after[id] = (MirrorRow.finish(json), text.hashValue) }
    }

    /// A full sync's write of one order at `position`: an insert, or when the mirror `held` the
    /// task's orders and holds this one, an update that keeps its stamps.
    mutating func put(_ id: String, _ text: String, at position: Int64, held: Bool) throws {
        if held,
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT finish, json FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ? AND order_id = ?
                    """, arguments: [account, task, id])
        {
            try update(id, text, held: (row[0], row[1]), position: position)
        } else {
            try insert(id, text, at: position, remember: false)
        }
    }

    /// The changes of the whole apply: orders held before whose bytes differ now are `finished`
    /// when they went from unfinished to finished, else `changed`.
    func settled() -> SyncChanges {
        var out = changes
        for (id, was) in before {
            guard let now = after[id], now.hash != was.hash else { continue }
            if was.finish != 1 && now.finish == 1 { out.finished += 1 } else { out.changed += 1 }
        }
        return out
    }

    /// The finish and JSON of a held order, or nil.
    func held(_ id: String) throws -> (position: Int64, finish: Int?, json: String)? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT position, finish, json FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ? AND order_id = ?
                """, arguments: [account, task, id]
        ).map { ($0[0], $0[1], $0[2]) }
    }

    func position(of id: String) throws -> Int64? {
        try Int64.fetchOne(
            db, sql: "SELECT position FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ? AND order_id = ?",
            arguments: [account, task, id])
    }

    /// Updates the orders of `listing` the mirror holds and inserts the others in place; returns the new ids.
    @discardableResult
    mutating func merge(_ listing: [(String, String)]) throws -> [String] {
        var anchor: String?
        var run: [(String, String)] = []
        var added: [String] = []
        var seen = Set<String>()
        for (id, text) in listing where seen.insert(id).inserted {
            if let held = try held(id) {
                try place(run, after: anchor)
                added += run.map(\.0)
                run = []
                try update(id, text, held: (held.finish, held.json))
                anchor = id
            } else {
                run.append((id, text))
            }
        }
        try place(run, after: anchor)
        return added + run.map(\.0)
    }

    /// Inserts new orders, in order, between `anchor` (nil: the front) and the order after it.
    private mutating func place(_ run: [(String, String)], after anchor: String?) throws {
        guard !run.isEmpty else { return }
        for attempt in 0..<2 {
            let low: Int64?
            if let anchor { low = try position(of: anchor) } else { low = nil }
            let next = try Int64.fetchOne(
                db,
                sql: low == nil
                    ? "SELECT MIN(position) FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ?"
                    : "SELECT MIN(position) FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ? AND position > ?",
                arguments: low == nil ? [account, task] : [account, task, low!])
            let count = Int64(run.count)
            let start: Int64, step: Int64
            switch (low, next) {
            case (nil, nil): start = MirrorStore.gap; step = MirrorStore.gap
            case (nil, let n?): step = MirrorStore.gap; start = n - step * count
            case (let l?, nil): step = MirrorStore.gap; start = l + step
            case (let l?, let n?): step = (n - l) / (count + 1); start = l + step
            }
            if step >= 1 {
                for (k, (id, text)) in run.enumerated() { try insert(id, text, at: start + step * Int64(k)) }
                return
            }
            guard attempt == 0 else { throw MirrorError("cannot place \(run.count) new orders in task \(task)'s mirror") }
            try renumber()
        }
    }

    /// Spreads the task's positions out again (gap apart, order kept).
    private func renumber() throws {
        try db.execute(
            sql: """
                WITH ranked AS (SELECT order_id, ROW_NUMBER() OVER (ORDER BY position) AS n FROM \(MirrorSchema.orderTable)
                                WHERE account = ? AND task = ?)
                UPDATE \(MirrorSchema.orderTable) SET position = (SELECT n FROM ranked WHERE ranked.order_id = \(MirrorSchema.orderTable).order_id) * ?
                WHERE account = ? AND task = ?
                """, arguments: [account, task, MirrorStore.gap * Int64(1 << 10), account, task])
    }
}
