// The mirror's read side: what `orders from mirror` and `calls from mirror` ask
// the store. Every statement comes from MirrorQuery. A scan hands out the rows'
// JSON texts as chunks of NDJSON lines (no tree is built here: the engine parses
// the chunks on every core with the saved-file reader), all from one snapshot;
// counts and groups over the indexed columns read no JSON at all.
import CallqSemantics
import Foundation
import GRDB

/// Where a scan of one task stands: the last row handed out (orders use `position` only).
public struct MirrorCursor: Sendable, Hashable {
    public var position: Int64
    public var attempt: Int

    public init(position: Int64, attempt: Int = 0) {
        self.position = position
        self.attempt = attempt
    }

    /// Before every row.
    public static let start = MirrorCursor(position: .min, attempt: 0)
}

/// One chunk of a scan: the JSON text of each row read, one a line.
public struct MirrorLines: Sendable {
    /// The rows' texts, each followed by `\n` (a line break inside a text is written as a space).
    public var bytes: [UInt8]
    public var rows: Int
    /// The cursor of the last row (nil when no row was read).
    public var last: MirrorCursor?
    /// True when the task has no row after this chunk.
    public var done: Bool
}

/// A consistent view of the mirror for one query: every chunk, count and group it reads sees
/// the mirror as it was when the query began, whatever a sync commits meanwhile.
public final class MirrorReader: Sendable {
    public let path: String
    let snapshot: DatabaseSnapshot
    let account: String

    /// How much of the file a reader maps into memory (SQLite's `mmap_size`).
    static let mappedBytes = 1 << 30

    init(path: String, snapshot: DatabaseSnapshot, account: String) {
        self.path = path
        self.snapshot = snapshot
        self.account = account
    }

    /// The rows of `task` after `after` that `query` selects, as NDJSON lines: rows are added
    /// until the chunk holds at least `bytes` bytes (so one row longer than that is whole).
    public func lines(task: String, query: MirrorQuery, after: MirrorCursor, bytes target: Int) throws -> MirrorLines {
        var args: [any DatabaseValueConvertible] = [account, task, after.position]
        if query.rows == .calls { args.append(after.attempt) }
        args += query.arguments.map(\.databaseValue)
        let textColumn = query.rows == .calls ? 2 : 1
        return try snapshot.read { db in
            var out = MirrorLines(bytes: [], rows: 0, last: nil, done: true)
            out.bytes.reserveCapacity(target + target / 4)
            let rows = try Row.fetchCursor(db, sql: query.scanSQL, arguments: StatementArguments(args))
            while let row = try rows.next() {
                if out.bytes.count >= target { out.done = false; break }
                out.last = MirrorCursor(position: row[0], attempt: query.rows == .calls ? row[1] : 0)
                try row.withUnsafeData(atIndex: textColumn) { data in
                    guard let data else { return }
                    let start = out.bytes.count
                    out.bytes.append(contentsOf: data)
                    if data.contains(0x0A) {
                        for k in start ..< out.bytes.count where out.bytes[k] == 0x0A { out.bytes[k] = 0x20 }
                    }
                }
                out.bytes.append(0x0A)
                out.rows += 1
            }
            return out
        }
    }

    /// How many rows of `task` `query` selects (`countSQL`).
    public func count(task: String, query: MirrorQuery) throws -> Int {
        try snapshot.read { db in
            try Int.fetchOne(db, sql: query.countSQL,
                             arguments: StatementArguments([account, task] + query.arguments.map(\.databaseValue))) ?? 0
        }
    }

    /// The rows of `task` `query` selects, grouped by the indexed `columns` (`groupSQL`): each
    /// distinct tuple of the columns' values (nil for NULL) with how many rows hold it, in the
    /// order of each tuple's first row when `ordered`.
    public func groups(task: String, query: MirrorQuery, columns: [String], ordered: Bool) throws -> [(values: [Int?], count: Int)] {
        try snapshot.read { db in
            var out: [(values: [Int?], count: Int)] = []
            let rows = try Row.fetchCursor(db, sql: query.groupSQL(columns: columns, ordered: ordered),
                                           arguments: StatementArguments([account, task] + query.arguments.map(\.databaseValue)))
            while let row = try rows.next() {
                out.append(((0 ..< columns.count).map { row[$0] as Int? }, row[columns.count]))
            }
            return out
        }
    }
}

extension MirrorStore {
    /// A reader of `account`'s mirrored rows, seeing the mirror as it is now.
    public func reader(account: String) throws -> MirrorReader {
        do {
            let snapshot = try pool.makeSnapshot()
            // A scan reads most of the file: mapped, its pages are not copied through SQLite's cache.
            try snapshot.read { db in try db.execute(sql: "PRAGMA mmap_size = \(MirrorReader.mappedBytes)") }
            return MirrorReader(path: path, snapshot: snapshot, account: account)
        } catch {
            throw MirrorError("cannot read the mirror \(path): \(error)")
        }
    }
}

extension MirrorArgument {
    /// The value bound to the condition's placeholder.
    var databaseValue: any DatabaseValueConvertible {
        switch self {
        case .int(let n): n
        case .text(let s): s
        }
    }
}
