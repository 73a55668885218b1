// Turns a mirror file this callq made back into the layout an older callq left
// (schema v6: every table keyed by account and task text, orders WITHOUT ROWID
// by order id), so tests can check that such a file is migrated and adopted.
import Foundation

extension MirrorTestDatabase {
    /// Rewrites the v7 tables of the mirror at `path` as v6 had them and forgets the v7 migration.
    static func downgradeToV6(_ path: String) throws {
        try executeScript(
            path,
            """
            CREATE TABLE old_order (
                account TEXT NOT NULL, task TEXT NOT NULL, order_id TEXT NOT NULL, position INTEGER NOT NULL,
                status INTEGER, duration INTEGER, finish INTEGER, started INTEGER, json TEXT NOT NULL,
                name_key TEXT, seen INTEGER, changed INTEGER,
                PRIMARY KEY (account, task, order_id)) WITHOUT ROWID;
            INSERT INTO old_order SELECT k.account, k.task, o.order_id, (o.position - (k.task_key << 44)) * 3,
                o.status, o.duration, o.finish, o.started, o.json, o.name_key, o.seen, o.changed
                FROM mirror_order o JOIN mirror_task_key k USING (task_key);
            DROP TABLE mirror_order;
            ALTER TABLE old_order RENAME TO mirror_order;
            CREATE INDEX mirror_order_position ON mirror_order(account, task, position);
            CREATE INDEX mirror_order_status ON mirror_order(account, task, status);
            CREATE INDEX mirror_order_duration ON mirror_order(account, task, duration);
            CREATE INDEX mirror_order_finish ON mirror_order(account, task, finish);
            CREATE INDEX mirror_order_started ON mirror_order(account, task, started);
            CREATE INDEX mirror_order_name_key ON mirror_order(account, task, name_key);
            CREATE INDEX mirror_order_seen ON mirror_order(account, task, seen);
            CREATE INDEX mirror_order_changed ON mirror_order(account, task, changed);
            CREATE TABLE old_call (
                account TEXT NOT NULL, task TEXT NOT NULL, order_id TEXT NOT NULL, attempt INTEGER NOT NULL,
                status INTEGER, duration INTEGER, finish INTEGER, started INTEGER, json TEXT NOT NULL,
                seen INTEGER, changed INTEGER,
                PRIMARY KEY (account, task, order_id, attempt)) WITHOUT ROWID;
            INSERT INTO old_call SELECT k.account, k.task, c.order_id, c.attempt, c.status, c.duration, c.finish,
                c.started, c.json, c.seen, c.changed FROM mirror_call c JOIN mirror_task_key k USING (task_key);
            DROP TABLE mirror_call;
            ALTER TABLE old_call RENAME TO mirror_call;
            CREATE TABLE old_call_order (
                account TEXT NOT NULL, task TEXT NOT NULL, order_id TEXT NOT NULL,
                PRIMARY KEY (account, task, order_id)) WITHOUT ROWID;
            INSERT INTO old_call_order SELECT k.account, k.task, c.order_id
                FROM mirror_call_order c JOIN mirror_task_key k USING (task_key);
            DROP TABLE mirror_call_order;
            ALTER TABLE old_call_order RENAME TO mirror_call_order;
            DROP TABLE mirror_task_key;
            DELETE FROM grdb_migrations WHERE identifier LIKE 'v7%';
            """)
    }

    /// Runs several statements on the mirror at `path` (python's sqlite3), in one transaction.
    static func executeScript(_ path: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript('BEGIN;' + sys.argv[2] + ';COMMIT;')",
            path, sql
        ]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CancellationError() }
    }
}
