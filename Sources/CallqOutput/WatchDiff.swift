// What moved between two frames of a watch (SPEC §13.2): in a grouped result each
// group is known by its keys, and a number that moved carries its change
// (`412 (+3)`); a group or a row that the previous frame did not have is new.
import CallqJSON

/// One frame's result, as the watch screen compares and draws it.
public struct WatchResult: Sendable {
    public var columns: [Column]
    public var rows: [OutputRow]
    /// How many leading columns are group keys (`count by a, b`: 2; `count`: 0); nil: a row result.
    public var groupKeys: Int?

    public init(columns: [Column], rows: [OutputRow], groupKeys: Int?) {
        self.columns = columns; self.rows = rows; self.groupKeys = groupKeys
    }
}

/// Compares a frame with the one before it.
public struct WatchDiff: Sendable {
    /// The previous frame's rows by key (nil: this is the first frame, nothing is marked).
    let previous: [[JSONValue]: [JSONValue]]?
    let keyCount: Int?
    let columns: [Column]

    public init(current: WatchResult, previous: WatchResult?) {
        keyCount = current.groupKeys
        columns = current.columns
        guard let previous, previous.columns == current.columns, previous.groupKeys == current.groupKeys else {
            self.previous = nil
            return
        }
        var byKey: [[JSONValue]: [JSONValue]] = [:]
        for row in previous.rows { byKey[Self.key(row.values, keyCount: keyCount)] = row.values }
        self.previous = byKey
    }

    /// A group is known by its keys; a row by all its values.
    static func key(_ values: [JSONValue], keyCount: Int?) -> [JSONValue] {
        guard let keyCount else { return values }
        return Array(values.prefix(keyCount))
    }

    /// Whether the row is new: the previous frame had no group with its keys (no equal row).
    public func isNew(_ row: OutputRow) -> Bool {
        guard let previous else { return false }
        return previous[Self.key(row.values, keyCount: keyCount)] == nil
    }

    /// How much column `index` of a group moved since the previous frame (nil: it did not, or
    /// it is not a number of a grouped result).
    public func change(_ row: OutputRow, column index: Int) -> Double? {
        guard let previous, let keyCount, index >= keyCount, index < columns.count, columns[index].kind.isNumeric,
            let before = previous[Self.key(row.values, keyCount: keyCount)], index < before.count,
            let now = row.values[index].doubleValue, let then = before[index].doubleValue
        else { return nil }
        let delta = now - then
        return delta == 0 || !delta.isFinite ? nil : delta
    }

    /// A change as a table or chart shows it after the number: `(+3)`, `(-1.5)`, `(+1m05s)`.
    public static func text(_ delta: Double, kind: ColumnKind, formatter: CellFormatter) -> String {
        let sign = delta > 0 ? "+" : "-"
        let size = abs(delta)
        let body: String
        switch kind {
        case .seconds where size == size.rounded(): body = CellFormatter.duration(Int(size))
        case .integer where size == size.rounded() && size < 1e15: body = String(Int(size))
        default: body = formatter.format(.double(size), .number)
        }
        return "(" + sign + body + ")"
    }
}
