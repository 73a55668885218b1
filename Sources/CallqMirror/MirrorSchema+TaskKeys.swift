// Schema v7: orders and call attempts keyed by a small integer per task. Each
// (account, task) has a key in `mirror_task_key`; an order's `position` is its
// rowid, the key in the high bits and its place in the task below, so the orders
// of a task lie together in the table in server order — a scan walks the table,
// never looks a row up through an index — and one covering index answers every
// pushed count and grouping without reading a row's JSON.
import CallqSemantics
import Foundation
import GRDB

/// Where a task's orders sit in the rowid space of `mirror_order`.
enum MirrorPosition {
    /// Bits of a position below the task key.
    static let taskBits = 44
    /// Task keys are below this.
    static let keyLimit = 1 << (63 - taskBits)
    /// Space between the positions of neighbouring orders, so later syncs can insert between them.
    static let gap = 1 << 16

    /// The first position of task `key`'s range.
    static func low(_ key: Int) -> Int { key << taskBits }
    /// The position just past task `key`'s range.
    static func high(_ key: Int) -> Int { (key + 1) << taskBits }
    /// Where the first order of a listing goes: a quarter into the range, so orders a campaign
    /// adds at the front (2^26 of them) fit before it as well as 3 × 2^26 after.
    static func origin(_ key: Int) -> Int { low(key) + (1 << (taskBits - 2)) }
    /// The position of the `n`th order (from 1) of a listing laid out afresh.
    static func laidOut(_ key: Int, _ n: Int) -> Int { origin(key) + n * gap }
}

extension MirrorSchema {
    /// One row per (account, task): its key.
    static let keyTable = "mirror_task_key"
    /// The index that covers every pushed count and grouping of orders.
    static let columnsIndex = MirrorLayout.columnsIndex

    /// The columns of `mirror_order` (v7) besides `position`, `task_key`, `order_id` and `json`.
    static var valueColumns: [String] {
        MirrorLayout.jsonColumns.map(\.column) + MirrorLayout.likeColumns.map(\.column)
            + MirrorLayout.stampColumns.map(\.column)
    }

    static func registerTaskKeys(_ m: inout DatabaseMigrator) {
        m.registerMigration("v7: task keys, orders in position order") { db in
            let values = valueColumns.joined(separator: ", ")
            try db.execute(
                sql: """
                    CREATE TABLE \(keyTable) (
                        task_key  INTEGER PRIMARY KEY,
                        account   TEXT NOT NULL,
                        task      TEXT NOT NULL,
                        UNIQUE (account, task)
                    );
                    INSERT INTO \(keyTable) (account, task)
                        SELECT account, task FROM \(orderTable) UNION SELECT account, task FROM \(taskTable)
                        UNION SELECT account, task FROM \(callTable) ORDER BY 1, 2;
                    CREATE TABLE mirror_order_v7 (
                        position  INTEGER PRIMARY KEY,
                        task_key  INTEGER NOT NULL,
                        order_id  TEXT NOT NULL,
                        status    INTEGER,
                        duration  INTEGER,
                        finish    INTEGER,
                        started   INTEGER,
                        name_key  TEXT,
                        seen      INTEGER,
                        changed   INTEGER,
                        json      TEXT NOT NULL
                    );
                    INSERT INTO mirror_order_v7 (position, task_key, order_id, \(values), json)
                        SELECT (k.task_key << \(MirrorPosition.taskBits)) + \(1 << (MirrorPosition.taskBits - 2))
                                + ROW_NUMBER() OVER (PARTITION BY k.task_key ORDER BY o.position) * \(MirrorPosition.gap),
                            k.task_key, o.order_id, \(valueColumns.map { "o." + $0 }.joined(separator: ", ")), o.json
                        FROM \(orderTable) o JOIN \(keyTable) k USING (account, task);
                    DROP TABLE \(orderTable);
                    ALTER TABLE mirror_order_v7 RENAME TO \(orderTable);
                    CREATE UNIQUE INDEX mirror_order_id ON \(orderTable)(task_key, order_id);
                    CREATE INDEX \(columnsIndex) ON \(orderTable)(task_key, \(values));

                    CREATE TABLE mirror_call_v7 (
                        task_key  INTEGER NOT NULL,
                        order_id  TEXT NOT NULL,
                        attempt   INTEGER NOT NULL,
                        status    INTEGER,
                        duration  INTEGER,
                        finish    INTEGER,
                        started   INTEGER,
                        seen      INTEGER,
                        changed   INTEGER,
                        json      TEXT NOT NULL
                    );
                    INSERT INTO mirror_call_v7
                        SELECT k.task_key, c.order_id, c.attempt, c.status, c.duration, c.finish, c.started, c.seen, c.changed, c.json
                        FROM \(callTable) c JOIN \(keyTable) k USING (account, task);
                    DROP TABLE \(callTable);
                    ALTER TABLE mirror_call_v7 RENAME TO \(callTable);
                    CREATE UNIQUE INDEX mirror_call_id ON \(callTable)(task_key, order_id, attempt);

                    CREATE TABLE mirror_call_order_v7 (
                        task_key  INTEGER NOT NULL,
                        order_id  TEXT NOT NULL,
                        PRIMARY KEY (task_key, order_id)
                    ) WITHOUT ROWID;
                    INSERT INTO mirror_call_order_v7
                        SELECT k.task_key, c.order_id FROM \(callOrderTable) c JOIN \(keyTable) k USING (account, task);
                    DROP TABLE \(callOrderTable);
                    ALTER TABLE mirror_call_order_v7 RENAME TO \(callOrderTable);
                    """)
        }
    }

    /// The key of `task` of `account`, or nil when the mirror never held it.
    static func taskKey(_ db: Database, account: String, task: String) throws -> Int? {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT task_key FROM \(keyTable) WHERE account = ? AND task = ?"),
            arguments: [account, task])
    }

    /// A key no task holds (the smallest free one), for the orders a full sync lays out afresh.
    static func freeKey(_ db: Database) throws -> Int {
        let key =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM \(keyTable) WHERE task_key = 1) THEN 1
                    ELSE (SELECT MIN(k.task_key + 1) FROM \(keyTable) k
                          WHERE NOT EXISTS (SELECT 1 FROM \(keyTable) j WHERE j.task_key = k.task_key + 1)) END
                    """) ?? 1
        guard key < MirrorPosition.keyLimit else {
            throw MirrorError("the mirror holds \(key - 1) tasks, as many as it can")
        }
        return key
    }

    /// Makes `key` the key of `task` of `account`.
    static func setTaskKey(_ db: Database, account: String, task: String, key: Int) throws {
        try db.execute(
            sql: "DELETE FROM \(keyTable) WHERE account = ? AND task = ?", arguments: [account, task])
        try db.execute(
            sql: "INSERT INTO \(keyTable) (task_key, account, task) VALUES (?, ?, ?)", arguments: [key, account, task])
    }
}
