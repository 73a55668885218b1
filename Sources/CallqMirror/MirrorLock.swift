// Who is syncing a task: a row per (account, task) naming the callq process. A
// second process finds the row and reports that the other is syncing; a row
// left by a process that died (SIGKILL, a crash) is taken over, and the orders
// it had staged are dropped — the mirror itself was never touched by it.
import Foundation
import GRDB

extension MirrorStore {
    /// Claims the sync of `task` for this process under `syncID`.
    func lock(account: String, task: String, syncID: String) throws {
        let me = Int(getpid())
        try pool.write { db in
            if let row = try Row.fetchOne(db, sql: """
                SELECT pid, sync_id, started FROM \(MirrorSchema.lockTable) WHERE account = ? AND task = ?
                """, arguments: [account, task]) {
                let pid: Int = row["pid"]
                let stale: String = row["sync_id"]
                if pid != me, MirrorStore.isAlive(pid) {
                    let started: Int = row["started"]
                    throw MirrorError("another callq (pid \(pid)) has been syncing task \(task) since "
                        + "\(Date(timeIntervalSince1970: TimeInterval(started)).formatted(.iso8601)); "
                        + "wait for it to finish, then sync again")
                }
                try db.execute(sql: "DELETE FROM \(MirrorSchema.stageTable) WHERE sync_id = ?", arguments: [stale])
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO \(MirrorSchema.lockTable) (account, task, sync_id, pid, started) VALUES (?, ?, ?, ?, ?)
                """, arguments: [account, task, syncID, me, Int(Date().timeIntervalSince1970)])
        }
    }

    /// Gives up a sync that did not finish: its staged orders and its lock go; the mirror stays as it was.
    func abandon(account: String, task: String, syncID: String) {
        try? pool.write { db in
            try db.execute(sql: "DELETE FROM \(MirrorSchema.stageTable) WHERE sync_id = ?", arguments: [syncID])
            try db.execute(sql: "DELETE FROM \(MirrorSchema.lockTable) WHERE account = ? AND task = ? AND sync_id = ?",
                           arguments: [account, task, syncID])
        }
    }

    /// Whether a process with this id exists (on this machine).
    static func isAlive(_ pid: Int) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid_t(pid), 0) == 0 || errno == EPERM
    }
}
