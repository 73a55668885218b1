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
    public init(_ description: String) { self.description = description }
}

/// The mirror database.
public final class MirrorStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating with mode 0600 if needed) and migrates the mirror at `path`.
    public init(path: String) throws {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        // Create the file ourselves so it never exists with a wider mode; SQLite gives the
        // -wal and -shm files the database file's mode.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw MirrorError("cannot open the mirror \(path): \(String(cString: strerror(errno)))")
        }
        fchmod(fd, 0o600)
        close(fd)
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.label = "callq mirror"
        config.prepareDatabase { db in db.add(function: MirrorStore.likeFunction) }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try MirrorSchema.migrator.migrate(pool)
        } catch {
            throw MirrorError("cannot open the mirror \(path): \(error)")
        }
    }

    /// The last sync of `task`, or nil when it was never synced.
    public func taskInfo(account: String, task: String) throws -> MirrorTaskInfo? {
        try pool.read { db in try Self.info(db, account: account, task: task) }
    }

    /// Every mirrored task of `account`, by task id.
    public func tasks(account: String) throws -> [MirrorTaskInfo] {
        try pool.read { db in
            let ids = try String.fetchAll(db, sql: "SELECT task FROM \(MirrorSchema.taskTable) WHERE account = ? ORDER BY task",
                                          arguments: [account])
            return try ids.compactMap { try Self.info(db, account: account, task: $0, size: true) }
        }
    }

    static func info(_ db: Database, account: String, task: String, size: Bool = false) throws -> MirrorTaskInfo? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT synced_at, kind, requests, seconds, orders, unfinished FROM \(MirrorSchema.taskTable)
            WHERE account = ? AND task = ?
            """, arguments: [account, task]) else { return nil }
        let bytes = size ? try Int.fetchOne(db, sql: """
            SELECT COALESCE(SUM(LENGTH(CAST(json AS BLOB))), 0) FROM \(MirrorSchema.orderTable) WHERE account = ? AND task = ?
            """, arguments: [account, task]) : nil
        return MirrorTaskInfo(task: task, orders: row["orders"], unfinished: row["unfinished"], syncedAt: row["synced_at"],
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
