// Schema v2 of the mirror: call attempts (`set sync_calls = on`, read by `calls
// from mirror`). `mirror_call` holds one row per attempt — the calls row's JSON
// (the order's fields, `attempt`, `attempts`, `callInfoDetail` = the attempt) and
// the same indexed columns as the order table, each the attempt's own value;
// rows are read in their order's position, then attempt order. `mirror_call_order`
// lists the orders whose attempts are held (also those with none), and
// `mirror_call_task` the tasks whose last sync kept attempts.
import CallqSemantics
import GRDB

extension MirrorSchema {
    /// One row per call attempt of a mirrored order.
    public static let callTable = MirrorLayout.callTable
    /// The orders whose attempts the mirror holds.
    static let callOrderTable = "mirror_call_order"
    /// The tasks whose last sync kept attempts.
    static let callTaskTable = "mirror_call_task"

    static func registerCalls(_ m: inout DatabaseMigrator) {
        m.registerMigration("v2: call attempts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE \(callTable) (
                        account   TEXT NOT NULL,
                        task      TEXT NOT NULL,
                        order_id  TEXT NOT NULL,
                        attempt   INTEGER NOT NULL,
                        status    INTEGER,
                        duration  INTEGER,
                        finish    INTEGER,
                        started   INTEGER,
                        json      TEXT NOT NULL,
                        PRIMARY KEY (account, task, order_id, attempt)
                    ) WITHOUT ROWID;
                    CREATE TABLE \(callOrderTable) (
                        account   TEXT NOT NULL,
                        task      TEXT NOT NULL,
                        order_id  TEXT NOT NULL,
                        PRIMARY KEY (account, task, order_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE \(callTaskTable) (
                        account   TEXT NOT NULL,
                        task      TEXT NOT NULL,
                        PRIMARY KEY (account, task)
                    );
                    """)
        }
    }
}
