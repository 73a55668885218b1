// A mirror belongs to one server: the key stored in the `account` column of
// every mirror table is the account's uuid and the server's base URL
// (`UUID@https://host`), so `--demo`, `callq sim` and another server with the
// same account and task names never read each other's orders. Mirrors made by an
// older callq stored the bare uuid; the first server to open them adopts them.
import Foundation
import GRDB

/// The key of one account on one server.
public enum MirrorKey {
    /// `UUID@BASEURL`, the base URL without a trailing slash.
    public static func account(_ uuid: String, server: String) -> String {
        var url = server
        while url.hasSuffix("/") { url.removeLast() }
        return "\(uuid)@\(url)"
    }

    /// The server part of a key (nil for a bare uuid of an older mirror).
    public static func server(of key: String) -> String? {
        guard let at = key.firstIndex(of: "@") else { return nil }
        return String(key[key.index(after: at)...])
    }

    /// The tables keyed by account.
    static var tables: [String] {
        [
            MirrorSchema.keyTable, MirrorSchema.taskTable, MirrorSchema.lockTable, MirrorSchema.callTaskTable
        ]
    }
}

extension MirrorStore {
    /// Gives the tasks an older callq mirrored under the bare `uuid` to `key` (this server), unless
    /// this server already has a mirror of that account; returns how many tasks moved.
    @discardableResult
    public func adoptUnkeyedTasks(uuid: String, key: String) throws -> Int {
        guard !readOnly else { return 0 }
        let legacy = try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(MirrorSchema.taskTable) WHERE account = ?", arguments: [uuid]) ?? 0
        }
        guard legacy > 0 else { return 0 }
        return try pool.write { db in
            let mine =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM \(MirrorSchema.taskTable) WHERE account = ?",
                    arguments: [key]) ?? 0
            guard mine == 0 else { return 0 }
            for table in MirrorKey.tables {
                try db.execute(sql: "UPDATE \(table) SET account = ? WHERE account = ?", arguments: [key, uuid])
            }
            return legacy
        }
    }
}
