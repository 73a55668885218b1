// The mirror's read side: what `orders from mirror` and `calls from mirror` ask
// the store. Every statement comes from MirrorQuery. A scan hands out the rows'
// JSON texts as chunks of NDJSON lines (no tree is built here: the engine parses
// the chunks on every core with the saved-file reader), all from one snapshot;
// counts and groups over the indexed columns read no JSON at all.
import CallqSemantics
import Foundation
import GRDB

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

    /// Streams the rows of `task` that `query` selects, in the mirror's order, as chunks of
    /// NDJSON lines — one statement, read once: rows are added to a chunk until it holds at least
    /// `bytes` bytes (so a row longer than that is whole), then `deliver` gets it; the last chunk
    /// may be shorter. A line break inside a row's text is written as a space. `deliver` returns
    /// false to stop the scan.
    public func scan(task: String, query: MirrorQuery, bytes target: Int, deliver: ([UInt8]) -> Bool) throws {
        let textColumn = query.rows == .calls ? 2 : 1
        try snapshot.read { db in
            guard let args = try arguments(db, task: task, sql: query.scanSQL, query: query) else { return }
            var chunk: [UInt8] = []
            chunk.reserveCapacity(target + target / 4)
            let rows = try Row.fetchCursor(db, sql: query.scanSQL, arguments: args)
            while let row = try rows.next() {
                // Copied and searched as raw bytes: iterating the Data byte by byte took a quarter
                // of a whole scan's time, on this one reading thread.
                try row.withUnsafeData(atIndex: textColumn) { data in
                    guard let data else { return }
                    data.withUnsafeBytes { (text: UnsafeRawBufferPointer) in
                        guard let base = text.baseAddress, !text.isEmpty else { return }
                        let start = chunk.count
                        chunk.append(
                            contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: text.count))
                        guard memchr(base, 0x0A, text.count) != nil else { return }
                        for k in start..<chunk.count where chunk[k] == 0x0A { chunk[k] = 0x20 }
                    }
                }
                if query.stamps { MirrorReader.addStamps(row, from: textColumn + 1, to: &chunk) }
                chunk.append(0x0A)
                if chunk.count >= target {
                    guard deliver(chunk) else { return }
                    chunk = []
                    chunk.reserveCapacity(target + target / 4)
                }
            }
            if !chunk.isEmpty { _ = deliver(chunk) }
        }
    }

    /// The arguments of `sql` (a statement of `query`) for `task`: the task's, then the predicate's;
    /// nil when the mirror holds no orders of the task.
    func arguments(_ db: Database, task: String, sql: String, query: MirrorQuery) throws -> StatementArguments? {
        guard let key = try MirrorSchema.taskKey(db, account: account, task: task) else { return nil }
        let values: [any DatabaseValueConvertible] =
            MirrorQuery.taskArguments(of: sql, key: key) + query.arguments.map(\.databaseValue)
        return StatementArguments(values)
    }

    /// Adds the stamps read at `column`… to the row's object just written at the end of `chunk`:
    /// `{…}` becomes `{…,"seen":N,"changed":N}` (null when a column is NULL). A text that does not
    /// end with `}` is left as it is (the reader then reports it).
    static func addStamps(_ row: Row, from column: Int, to chunk: inout [UInt8]) {
        var end = chunk.count
        while end > 0, chunk[end - 1] == 0x20 || chunk[end - 1] == 0x09 || chunk[end - 1] == 0x0D { end -= 1 }
        guard end > 0, chunk[end - 1] == UInt8(ascii: "}") else { return }
        var before = end - 1
        while before > 0, chunk[before - 1] == 0x20 || chunk[before - 1] == 0x09 || chunk[before - 1] == 0x0D { before -= 1 }
        let empty = before > 0 && chunk[before - 1] == UInt8(ascii: "{")
        chunk.removeSubrange((end - 1)...)
        var text = ""
        for (k, stamp) in MirrorLayout.stampColumns.enumerated() {
            let value: Int? = row[column + k]
            text += (k == 0 && empty ? "" : ",") + "\"\(stamp.column)\":" + (value.map(String.init) ?? "null")
        }
        chunk.append(contentsOf: text.utf8)
        chunk.append(UInt8(ascii: "}"))
    }

    /// How many rows of `task` `query` selects (`countSQL`).
    public func count(task: String, query: MirrorQuery) throws -> Int {
        try snapshot.read { db in
            guard let args = try arguments(db, task: task, sql: query.countSQL, query: query) else { return 0 }
            return try Int.fetchOne(db, sql: query.countSQL, arguments: args) ?? 0
        }
    }

    /// The rows of `task` `query` selects, grouped by the indexed `columns` (`groupSQL`): each
    /// distinct tuple of the columns' values (nil for NULL) with how many rows hold it, in the
    /// order of each tuple's first row when `ordered`.
    public func groups(task: String, query: MirrorQuery, columns: [String], ordered: Bool) throws -> [(
        values: [Int?], count: Int
    )] {
        var out: [(values: [Int?], count: Int)] = []
        try forEachGroup(task: task, query: query, columns: columns, ordered: ordered) { out.append(($0, $1)) }
        return out
    }

    /// The same groups handed to `body` as they are read (no list of them is built; a grouping by
    /// a start time has a group a row): the columns' values in a buffer reused for every group.
    public func forEachGroup(
        task: String, query: MirrorQuery, columns: [String], ordered: Bool,
        _ body: ([Int?], Int) throws -> Void
    ) throws {
        let sql = query.groupSQL(columns: columns, ordered: ordered)
        try snapshot.read { db in
            guard let args = try arguments(db, task: task, sql: sql, query: query) else { return }
            let rows = try Row.fetchCursor(db, sql: sql, arguments: args)
            var values = [Int?](repeating: nil, count: columns.count)
            while let row = try rows.next() {
                for k in values.indices { values[k] = row[k] }
                try body(values, row[columns.count])
            }
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
