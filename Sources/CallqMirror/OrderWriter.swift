// An incremental sync's write of the orders it re-read, inside the apply
// transaction: row by row (a few pages of unfinished orders, or a finished
// re-read), through statements prepared once, with the columns the staging
// filled — no JSON is parsed here.
import GRDB

/// Writes orders of one task inside the apply transaction, keeping server order: an order
/// the mirror already holds keeps its place; a new one goes right after the order that
/// precedes it in the listing (or first, when none does) — where a server that adds
/// orders at the front, as the vendor's does when a campaign queues calls, puts it.
/// Every row it stores is stamped with the sync's time (`seen` when new, `changed` when its
/// bytes differ), and it tells what it changed.
struct OrderWriter {
    let db: Database
    /// The task's key.
    let key: Int
    /// The task's id, for messages.
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

    init(db: Database, key: Int, task: String, stamp: Int) {
        self.db = db; self.key = key; self.task = task; self.stamp = stamp
    }

    private static let names = MirrorRow.columnNames.joined(separator: ", ")

    /// Inserts an order the mirror does not hold.
    mutating func insert(_ order: StagedOrder, at position: Int) throws {
        let values = MirrorRow.columnNames.map { _ in "?" }.joined(separator: ", ")
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO \(MirrorSchema.orderTable) (position, task_key, order_id, \(Self.names), json, seen, changed)
                VALUES (?, ?, ?, \(values), ?, ?, ?)
                """)
        try statement.execute(
            arguments: StatementArguments(
                [position.databaseValue, key.databaseValue, order.id.databaseValue] + order.values
                    + [order.json.databaseValue, stamp.databaseValue, stamp.databaseValue]))
        changes.new += 1
        added.insert(order.id)
    }

    /// Replaces the bytes of a held order (`held`: its place, finish and JSON now); the same bytes write nothing.
    mutating func update(_ order: StagedOrder, held: (position: Int, finish: Int?, json: String)) throws {
        guard held.json != order.json else { return }
        let sets = MirrorRow.columnNames.map { "\($0) = ?" }.joined(separator: ", ")
        let statement = try db.cachedStatement(
            sql: "UPDATE \(MirrorSchema.orderTable) SET \(sets), json = ?, changed = ? WHERE position = ?")
        try statement.execute(
            arguments: StatementArguments(
                order.values + [order.json.databaseValue, stamp.databaseValue, held.position.databaseValue]))
        replaced += 1
        if !added.contains(order.id), before[order.id] == nil { before[order.id] = (held.finish, held.json.hashValue) }
        if before[order.id] != nil { after[order.id] = (order.finish, order.json.hashValue) }
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

    /// The place, finish and JSON of a held order, or nil.
    func held(_ id: String) throws -> (position: Int, finish: Int?, json: String)? {
        let statement = try db.cachedStatement(
            sql: "SELECT position, finish, json FROM \(MirrorSchema.orderTable) WHERE task_key = ? AND order_id = ?")
        return try Row.fetchOne(statement, arguments: [key, id]).map { ($0[0], $0[1], $0[2]) }
    }

    /// Updates the orders of `listing` the mirror holds and inserts the others in place; returns the new ids.
    @discardableResult
    mutating func merge(_ listing: [StagedOrder]) throws -> [String] {
        var anchor: Int?
        var run: [StagedOrder] = []
        var added: [String] = []
        var seen = Set<String>()
        for order in listing where seen.insert(order.id).inserted {
            if let held = try held(order.id) {
                try place(run, after: anchor)
                added += run.map(\.id)
                run = []
                try update(order, held: held)
                anchor = held.position
            } else {
                run.append(order)
            }
        }
        try place(run, after: anchor)
        return added + run.map(\.id)
    }

    /// Inserts new orders, in order, between the order at `anchor` (nil: the front) and the order after it.
    private mutating func place(_ run: [StagedOrder], after anchor: Int?) throws {
        guard !run.isEmpty else { return }
        var anchor = anchor
        let (low, high) = (MirrorPosition.low(key), MirrorPosition.high(key))
        for attempt in 0..<2 {
            let next = try Int.fetchOne(
                db.cachedStatement(
                    sql: "SELECT MIN(position) FROM \(MirrorSchema.orderTable) WHERE position > ? AND position < ?"),
                arguments: [anchor ?? low, high])
            let count = run.count
            let start: Int, step: Int
            switch (anchor, next) {
            case (nil, nil): start = MirrorPosition.origin(key); step = MirrorPosition.gap
            case (nil, let n?): step = MirrorPosition.gap; start = n - step * count
            case (let l?, nil): step = MirrorPosition.gap; start = l + step
            case (let l?, let n?): step = (n - l) / (count + 1); start = l + step
            }
            if step >= 1, start > low, start + step * (count - 1) < high {
                for (k, order) in run.enumerated() { try insert(order, at: start + step * k) }
                return
            }
            guard attempt == 0 else { throw MirrorError("cannot place \(run.count) new orders in task \(task)'s mirror") }
            let moved = try renumber()
            if let a = anchor { anchor = moved[a] }
        }
    }

    /// Spreads the task's positions out again (`gap` apart from the origin, order kept); returns
    /// where each old position went. Moved in two passes (first out of the range, to the negative
    /// positions no task uses) so that no position is taken twice on the way.
    private func renumber() throws -> [Int: Int] {
        let (low, high) = (MirrorPosition.low(key), MirrorPosition.high(key))
        let positions = try Int.fetchAll(
            db, sql: "SELECT position FROM \(MirrorSchema.orderTable) WHERE position >= ? AND position < ? ORDER BY position",
            arguments: [low, high])
        try db.execute(
            sql: "UPDATE \(MirrorSchema.orderTable) SET position = -position WHERE position >= ? AND position < ?",
            arguments: [low, high])
        let move = try db.makeStatement(sql: "UPDATE \(MirrorSchema.orderTable) SET position = ? WHERE position = ?")
        var moved: [Int: Int] = [:]
        for (n, p) in positions.enumerated() {
            let to = MirrorPosition.laidOut(key, n)
            try move.execute(arguments: [to, -p])
            moved[p] = to
        }
        return moved
    }
}
