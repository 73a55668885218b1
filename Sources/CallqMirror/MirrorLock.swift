// Who is syncing a task: a row per (account, task) naming the callq process by
// its pid, the time that process started (from /proc/PID/stat) and the host. A
// second process finds the row and reports that the other is syncing; a row whose
// process is gone — it died (SIGKILL, a crash), or its pid now belongs to another
// process — is taken over, and the orders it had staged are dropped: the mirror
// itself was never touched by it.
import Foundation
import GRDB

/// The process that holds a sync lock.
struct LockHolder: Equatable {
    var pid: Int
    /// Clock ticks after boot at which the process started (field 22 of /proc/PID/stat); nil when unknown.
    var started: Int?
    var host: String?

    /// This process.
    static var current: LockHolder {
        let pid = Int(getpid())
        return LockHolder(pid: pid, started: startTicks(pid), host: hostName)
    }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Field 22 (starttime) of /proc/PID/stat, or nil when the process does not exist (or no /proc).
    static func startTicks(_ pid: Int) -> Int? {
        guard pid > 0, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm)" come fields 3…; starttime is field 22, the 20th after the comm.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count >= 20 else { return nil }
        return Int(fields[19])
    }

    /// The process's name (/proc/PID/comm), or nil.
    static func command(_ pid: Int) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the process that wrote this row still runs, as far as this machine can tell:
    /// same host, its pid exists, and it is the same process (same start time). A row of an
    /// older callq (no start time) counts only if a process named callq holds the pid and
    /// started before the lock was taken. On another host nothing can be told: alive.
    func isAlive(lockedAt: Int) -> Bool {
        if let host, host != LockHolder.hostName { return true }
        guard pid > 0, kill(pid_t(pid), 0) == 0 || errno == EPERM else { return false }
        let ticks = LockHolder.startTicks(pid)
        if let started {
            return ticks == nil || ticks == started  // without /proc, only the pid can be checked
        }
        guard let ticks, let boot = LockHolder.bootTime else { return true }
        let startedAt = boot + ticks / max(1, Int(sysconf(Int32(_SC_CLK_TCK))))
        return LockHolder.command(pid) == "callq" && startedAt <= lockedAt
    }

    /// Unix seconds of the machine's boot (btime in /proc/stat).
    static var bootTime: Int? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}

extension MirrorStore {
    /// Claims the sync of `task` for this process under `syncID`.
    func lock(account: String, task: String, syncID: String) throws {
        let me = LockHolder.current
        try pool.write { db in
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT pid, sync_id, started, pid_started, host FROM \(MirrorSchema.lockTable) WHERE account = ? AND task = ?
                    """, arguments: [account, task])
            {
                let holder = LockHolder(pid: row["pid"], started: row["pid_started"], host: row["host"])
                let stale: String = row["sync_id"]
                let lockedAt: Int = row["started"]
                if holder != me, holder.isAlive(lockedAt: lockedAt) {
                    let on = holder.host.map { $0 == LockHolder.hostName ? "" : " on host \($0)" } ?? ""
                    throw MirrorError(
                        "another callq (pid \(holder.pid)\(on)) has been syncing task \(task) since "
                            + "\(Date(timeIntervalSince1970: TimeInterval(lockedAt)).formatted(.iso8601)); "
                            + "wait for it to finish, then sync again (if no callq is syncing it, remove the lock: "
                            + "sqlite3 '\(path)' \"DELETE FROM \(MirrorSchema.lockTable) WHERE task = '\(task)'\")")
                }
                try db.execute(sql: "DELETE FROM main.\(MirrorSchema.stageTable) WHERE sync_id = ?", arguments: [stale])
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO \(MirrorSchema.lockTable) (account, task, sync_id, pid, started, pid_started, host)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [account, task, syncID, me.pid, Int(Date().timeIntervalSince1970), me.started, me.host])
        }
    }

    /// Creates the sync's staging table (TEMP, on the writer connection) if this process has none yet.
    /// `byOrder`: with the index an incremental sync's questions ("was this order staged?") need;
    /// a first sync goes without (its pages are read back in order only, and keeping an index of
    /// ids in random order made SQLite write the staging several times over).
    func prepareStaging(byOrder: Bool = true) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(
                sql: """
                    CREATE TEMP TABLE IF NOT EXISTS mirror_stage (
                        sync_id   TEXT NOT NULL,
                        listing   INTEGER NOT NULL,
                        seq       INTEGER NOT NULL,
                        order_id  TEXT NOT NULL,
                        \(MirrorRow.columnDefinitions),
                        json      TEXT NOT NULL,
                        PRIMARY KEY (sync_id, listing, seq)
                    );
                    """)
            try db.execute(
                sql: byOrder
                    ? "CREATE INDEX IF NOT EXISTS temp.mirror_stage_order ON mirror_stage(sync_id, order_id)"
                    : "DROP INDEX IF EXISTS temp.mirror_stage_order")
        }
    }

    /// Gives up a sync that did not finish: its staged orders and its lock go; the mirror stays as it was.
    func abandon(account: String, task: String, syncID: String) {
        try? pool.write { db in
            try db.execute(sql: "DELETE FROM \(MirrorSchema.stagingTable) WHERE sync_id = ?", arguments: [syncID])
            try db.execute(
                sql: "DELETE FROM \(MirrorSchema.lockTable) WHERE account = ? AND task = ? AND sync_id = ?",
                arguments: [account, task, syncID])
        }
    }
}
