// The mirror's SQLite schema and its migrations (GRDB's migrator keeps the applied
// versions in `grdb_migrations`). docs/MIRROR.md describes these tables for users
// who open the file with sqlite3 or DuckDB; `MirrorSchemaTests` keeps the two in step.
import CallqSemantics
import Foundation
import GRDB

/// The mirror's tables and the columns the planner may push conjuncts into.
public enum MirrorSchema {
    /// The order table; one row per (task key, orderID), its rowid the order's position (v7).
    public static let orderTable = MirrorLayout.orderTable
    /// One row per mirrored task: its last sync.
    public static let taskTable = "mirror_task"
    /// Orders fetched by a sync that is still running (applied in its final transaction).
    static let stageTable = "mirror_stage"
    /// Where a running sync stages what it fetched: a TEMP table of the writer connection, so the
    /// staged pages never take (and leave free) pages in the mirror file, and vanish with the
    /// process. `mirror_stage` in the file stays empty (older callq versions staged there).
    static let stagingTable = "temp.mirror_stage"
    /// Which callq process is syncing a task.
    static let lockTable = "mirror_lock"

    /// The migrations, in order; a newer callq adds to the end, never edits an applied one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: orders, tasks, staging, locks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE \(orderTable) (
                        account   TEXT NOT NULL,
                        task      TEXT NOT NULL,
                        order_id  TEXT NOT NULL,
                        position  INTEGER NOT NULL,
                        status    INTEGER,
                        duration  INTEGER,
                        finish    INTEGER,
                        started   INTEGER,
                        json      TEXT NOT NULL,
                        PRIMARY KEY (account, task, order_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX mirror_order_position ON \(orderTable)(account, task, position);
                    CREATE INDEX mirror_order_status   ON \(orderTable)(account, task, status);
                    CREATE INDEX mirror_order_duration ON \(orderTable)(account, task, duration);
                    CREATE INDEX mirror_order_finish   ON \(orderTable)(account, task, finish);
                    CREATE INDEX mirror_order_started  ON \(orderTable)(account, task, started);
                    CREATE TABLE \(taskTable) (
                        account     TEXT NOT NULL,
                        task        TEXT NOT NULL,
                        synced_at   INTEGER NOT NULL,
                        kind        TEXT NOT NULL,
                        requests    INTEGER NOT NULL,
                        seconds     REAL NOT NULL,
                        orders      INTEGER NOT NULL,
                        unfinished  INTEGER NOT NULL,
                        PRIMARY KEY (account, task)
                    );
                    CREATE TABLE \(stageTable) (
                        sync_id   TEXT NOT NULL,
                        listing   INTEGER NOT NULL,
                        seq       INTEGER NOT NULL,
                        order_id  TEXT NOT NULL,
                        finish    INTEGER,
                        json      TEXT NOT NULL,
                        PRIMARY KEY (sync_id, listing, seq)
                    );
                    CREATE TABLE \(lockTable) (
                        account   TEXT NOT NULL,
                        task      TEXT NOT NULL,
                        sync_id   TEXT NOT NULL,
                        pid       INTEGER NOT NULL,
                        started   INTEGER NOT NULL,
                        PRIMARY KEY (account, task)
                    );
                    """)
        }
        registerCalls(&m)
        // A sync asks "was this order staged?" once per mirrored order (finished counts,
        // deletions): without this index each question scanned the whole staging table,
        // and a re-sync of 50,000 orders took 45 s instead of well under one.
        m.registerMigration("v3: staged orders by id") { db in
            try db.execute(sql: "CREATE INDEX mirror_stage_order ON \(stageTable)(sync_id, order_id)")
        }
        // `like` on the name is answered in SQL from the name in canonical form; the index covers
        // a pushed count, which then reads a few MB instead of every order's JSON.
        m.registerMigration("v4: names for like") { db in
            for (column, _) in MirrorLayout.likeColumns {
                try db.execute(sql: "ALTER TABLE \(orderTable) ADD COLUMN \(column) TEXT")
                try db.execute(sql: "CREATE INDEX mirror_order_\(column) ON \(orderTable)(account, task, \(column))")
            }
            try MirrorRow.fillLikeColumns(db)
        }
        // A lock names its process by pid, the time that process started and the host, so a
        // pid that now belongs to another process (pid reuse, pid 1 in a container) is not
        // mistaken for the syncing callq.
        m.registerMigration("v5: lock holders by start time and host") { db in
            try db.execute(sql: "ALTER TABLE \(lockTable) ADD COLUMN pid_started INTEGER")
            try db.execute(sql: "ALTER TABLE \(lockTable) ADD COLUMN host TEXT")
        }
        // Every order and call attempt carries the time of the sync that first stored it (`seen`)
        // and of the one that last stored different bytes for it (`changed`), SPEC §13.1. Rows
        // already mirrored get the time of this migration (the first open by this callq).
        m.registerMigration("v6: sync stamps") { db in
            let now = Int(Date().timeIntervalSince1970)
            for table in [orderTable, callTable] {
                for (column, _) in MirrorLayout.stampColumns {
                    try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column) INTEGER")
                    try db.execute(sql: "UPDATE \(table) SET \(column) = ?", arguments: [now])
                }
            }
            for (column, _) in MirrorLayout.stampColumns {
                try db.execute(sql: "CREATE INDEX mirror_order_\(column) ON \(orderTable)(account, task, \(column))")
            }
        }
        registerTaskKeys(&m)
        return m
    }

    /// The indexed columns a sync fills from the JSON (the catalog names them, so the planner pushes
    /// into exactly these, and the stamps), each holding one field's value read exactly as the
    /// evaluator reads it — so a pushed test in SQL gives the evaluator's answer.
    static var indexedFields: [(column: String, field: Field)] { MirrorLayout.jsonColumns }
}
