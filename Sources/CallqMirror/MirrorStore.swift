// The mirror database: one SQLite file (WAL mode, through GRDB) created with mode
// 0600 because it holds phone numbers. Opens and migrates the schema, reads a
// task's last sync, and reads mirrored orders back in server order for queries.
import CallbotAPI
import CallqJSON
import CallqSemantics
import Foundation
import GRDB
import Synchronization

/// What the mirror knows of one task.
public struct MirrorTaskInfo: Sendable, Hashable {
    public var task: String
    public var orders: Int
    public var unfinished: Int
    /// Unix seconds of the last sync.
    public var syncedAt: Int
    /// `full` or `incremental`.
    public var kind: String
    public var requests: Int
    public var seconds: Double
    /// Bytes of order JSON held for the task; only `tasks(account:)`, the `mirrors` listing, sums
    /// them (nil elsewhere): it reads every order, which a query's check that the task was synced must not.
    public var bytes: Int?
}

/// A failure of the mirror (its file, a lock, a task never synced).
public struct MirrorError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The file is damaged (SQLite: malformed, or not a database).
    public var damaged = false
    public init(_ description: String) { self.description = description }

    /// `describing(error, path:)` when `error` is an SQLite failure; nil otherwise.
    public static func fromDatabase(_ error: any Error, path: String) -> MirrorError? {
        error is DatabaseError ? describing(error, path: path) : nil
    }

    /// An SQLite failure on the mirror at `path` as a message that names the file; a damaged
    /// file also says to move it aside or run `sync full`.
    public static func describing(_ error: any Error, path: String) -> MirrorError {
        if let e = error as? MirrorError { return e }
        guard let db = error as? DatabaseError else { return MirrorError("the mirror \(path): \(error)") }
        switch db.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            var e = MirrorError(
                "the mirror \(path) is damaged (\(db.message ?? "\(db.resultCode)")): move it aside "
                    + "(mv '\(path)' '\(path).damaged') and sync again, or run `sync full`, which keeps it as "
                    + "\(path).damaged-… and starts a new mirror")
            e.damaged = true
            return e
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return MirrorError(
                "cannot write the mirror \(path) (\(db.message ?? "\(db.resultCode)")): "
                    + "a sync needs to write the file and its folder (queries work on a read-only file)")
        default:
            return MirrorError("the mirror \(path): \(db.message ?? "\(db)")")
        }
    }
}

/// The mirror database.
public final class MirrorStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Opened read-only (the file is not writable): queries work, a sync says why it cannot run.
    public let readOnly: Bool

    /// Opens (creating with mode 0600 if needed) and migrates the mirror at `path`. A damaged file
    /// is an error that names it and says what to do; with `replaceDamaged` (`sync full`) it is
    /// moved aside (`PATH.damaged-UNIXTIME`) and a new mirror is started.
    public init(path: String, replaceDamaged: Bool = false) throws {
        self.path = path
        let opened: (DatabasePool, Bool)
        do {
            opened = try Self.openPool(path)
        } catch let error as MirrorError where error.damaged && replaceDamaged {
            let aside = "\(path).damaged-\(Int(Date().timeIntervalSince1970))"
            guard rename(path, aside) == 0 else {
                throw MirrorError("cannot move the damaged mirror \(path) aside: \(String(cString: strerror(errno)))")
            }
            for suffix in ["-wal", "-shm"] { _ = rename(path + suffix, aside + suffix) }
            opened = try Self.openPool(path)
        }
        pool = opened.0
        readOnly = opened.1
    }

    private static func openPool(_ path: String) throws -> (DatabasePool, Bool) {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        // A file we may read but not write (mode 0400) is opened read-only, for queries.
        let readOnly = access(path, F_OK) == 0 && access(path, W_OK) != 0 && access(path, R_OK) == 0
        if !readOnly {
            // Create the file ourselves so it never exists with a wider mode; SQLite gives the
            // -wal and -shm files the database file's mode.
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw MirrorError("cannot open the mirror \(path): \(String(cString: strerror(errno)))")
            }
            fchmod(fd, 0o600)
            close(fd)
        }
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.label = "callq mirror"
        config.readonly = readOnly
        config.prepareDatabase { db in db.add(function: MirrorStore.likeFunction) }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            if readOnly {
                guard try pool.read({ try MirrorSchema.migrator.hasCompletedMigrations($0) }) else {
                    throw MirrorError(
                        "the mirror \(path) was made by an older callq and is read-only: "
                            + "make it writable (chmod u+w) so this callq can update its tables")
                }
            } else {
                try MirrorSchema.migrator.migrate(pool)
            }
            return (pool, readOnly)
        } catch let error as MirrorError {
            throw error
        } catch {
            throw MirrorError.describing(error, path: path)
        }
    }

    /// The last sync of `task`, or nil when it was never synced.
    public func taskInfo(account: String, task: String) throws -> MirrorTaskInfo? {
        try pool.read { db in try Self.info(db, account: account, task: task) }
    }

    /// Every mirrored task of `account`, by task id.
    public func tasks(account: String) throws -> [MirrorTaskInfo] {
        try pool.read { db in
            let ids = try String.fetchAll(
                db, sql: "SELECT task FROM \(MirrorSchema.taskTable) WHERE account = ? ORDER BY task",
                arguments: [account])
            return try ids.compactMap { try Self.info(db, account: account, task: $0, size: true) }
        }
    }

    static func info(_ db: Database, account: String, task: String, size: Bool = false) throws -> MirrorTaskInfo? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT synced_at, kind, requests, seconds, orders, unfinished FROM \(MirrorSchema.taskTable)
                    WHERE account = ? AND task = ?
                    """, arguments: [account, task])
        else { return nil }
        let bytes =
            size
            ? try Int.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(LENGTH(CAST(json AS BLOB))), 0) FROM \(MirrorSchema.orderTable) o
                    JOIN \(MirrorSchema.keyTable) k ON o.task_key = k.task_key WHERE k.account = ? AND k.task = ?
                    """, arguments: [account, task]) : nil
        return MirrorTaskInfo(
            task: task, orders: row["orders"], unfinished: row["unfinished"], syncedAt: row["synced_at"],
            kind: row["kind"], requests: row["requests"], seconds: row["seconds"], bytes: bytes)
    }

    /// `callq_like(text, pattern)`: the evaluator's `like` on a text the mirror keeps canonical.
    /// Patterns are compiled once per connection and pattern (a scan calls this once per row).
    static var likeFunction: DatabaseFunction {
        let compiled = Mutex<[String: LikePattern]>([:])
        return DatabaseFunction(MirrorLayout.likeFunction, argumentCount: 2, pure: true) { values in
            guard let text = String.fromDatabaseValue(values[0]), let source = String.fromDatabaseValue(values[1]) else {
                return false
            }
            let pattern = compiled.withLock { cache in
                if let p = cache[source] { return p }
                let p = LikePattern(source)
                if cache.count > 64 { cache.removeAll() }
                cache[source] = p
                return p
            }
            return pattern.matches(canonical: text)
        }
    }
}
