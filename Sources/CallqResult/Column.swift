// The contract between the stages that make rows and the writers that print
// them: each column's name and kind, and each row's values (plus, for whole
// orders, the bytes the API sent). Kinds drive formatting only; the values stay
// the raw JSON the query produced.
import CallqJSON

/// How a column's values should be shown; the value itself stays raw JSON.
public indirect enum ColumnKind: Sendable, Hashable {
    /// Free text (strings; other values shown as their JSON text).
    case text
    /// Whole numbers, right-aligned in a table.
    case integer
    /// Any number (`avg`, `sum` of mixed values), right-aligned in a table.
    case number
    /// `true` / `false`.
    case bool
    /// A duration in whole seconds: `45s`, `1m05s`, `2h03m` in a table.
    case seconds
    /// A Unix time in seconds: `2024-11-24 08:00:05` in the session zone in a table.
    case time
    /// A coded value with names: `busy(10)` in a table. Unknown codes show as the number.
    case enumeration([Int: String])
    /// A multi-valued field (a JSON array) of the given element kind; joined with `;`.
    case list(ColumnKind)
    /// Any JSON; strings show as they are, everything else as compact JSON text.
    case json
    /// A day of the week, 1 (Monday) … 7 (Sunday): `mon(1)` in a table, the number in json/csv.
    case weekday
    /// A grouping bucket (`day(started)`, `bin(duration, 30s)`, `hour(t)`):
    /// values of `kind` on a grid of `step`. A table shows a day bucket as
    /// `2024-11-24`, a month as `2024-11`; a chart puts time buckets in time
    /// order and shows the empty ones between the first and the last.
    case bucket(ColumnKind, BucketStep)

    /// Whether a table right-aligns this kind (numbers and durations).
    public var isNumeric: Bool {
        switch self {
        case .integer, .number, .seconds: return true
        case .bucket(let kind, _): return kind.isNumeric
        default: return false
        }
    }
}

/// One output column: its header name and how its values are shown.
public struct Column: Sendable, Hashable {
    public var name: String
    public var kind: ColumnKind

    public init(_ name: String, _ kind: ColumnKind = .text) {
        self.name = name
        self.kind = kind
    }

    public init(name: String, kind: ColumnKind) {
        self.init(name, kind)
    }
}

/// One result row: a value per column, and optionally the order's original bytes.
///
/// `raw`, when present, is what `json` and `ndjson` write instead of `values`
/// (a query without `select` passes orders through exactly as the API sent them).
public struct OutputRow: Sendable, Hashable {
    public var values: [JSONValue]
    public var raw: [UInt8]?

    public init(_ values: [JSONValue], raw: [UInt8]? = nil) {
        self.values = values
        self.raw = raw
    }

    public init(values: [JSONValue], raw: [UInt8]? = nil) {
        self.init(values, raw: raw)
    }
}

/// The grid of a bucket column (SPEC §9.1), in the session time zone.
public enum BucketStep: Sendable, Hashable {
    /// `hour(t)`: whole hours of the day, 0 … 23.
    case hourOfDay
    /// `day(t)`: local midnights.
    case day
    /// `week(t)`: local midnights of Mondays (ISO weeks).
    case week
    /// `month(t)`: local midnights of the 1st of a month.
    case month
    /// `bin(t, D)` on a time: multiples of D seconds counted from local midnight of each day.
    case timeBin(seconds: Int)
    /// `bin(x, S)` on a number or on seconds: multiples of S.
    case valueBin(Double)

    /// Whether a chart treats the bucket as time: time order, empty buckets shown.
    public var isTimeLike: Bool {
        if case .valueBin = self { return false }
        return true
    }
}
