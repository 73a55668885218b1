// How a query's result is written, decided once by the checker: the format (or
// `auto`, which only the session can settle: a table on a terminal, NDJSON
// elsewhere), the `into` file, and for a chart the key columns and the one drawn.

/// Where a result's format came from, and the format itself when it is known before the run.
public enum FormatChoice: Sendable, Hashable {
    /// The query's `format` clause.
    case written(OutputFormat)
    /// The extension of `into 'PATH'`.
    case path(OutputFormat)
    /// The session's `set format` (or `--format`).
    case setting(OutputFormat)
    /// Nothing chose: NDJSON into a file or a pipe, a table on a terminal.
    case auto

    /// The rule, in one place: clause > `into` extension > setting > auto.
    public init(clause: OutputFormat?, into: String?, setting: OutputFormat?) {
        if let clause {
            self = .written(clause)
        } else if let into, let f = OutputFormat(path: into) {
            self = .path(f)
        } else if let setting {
            self = .setting(setting)
        } else {
            self = .auto
        }
    }

    /// The format chosen, nil for `auto`.
    public var known: OutputFormat? {
        switch self {
        case .written(let f), .path(let f), .setting(let f): f
        case .auto: nil
        }
    }
}

/// The columns of a chart: how many leading ones are group keys, and which one is drawn.
public struct ChartColumns: Sendable, Hashable {
    public var keys: Int
    /// The column drawn: the first number after the keys (nil: none, lines show no bar).
    public var value: Int?

    public init(keys: Int, value: Int?) {
        self.keys = keys
        self.value = value
    }

    /// The first number after `keys` key columns is drawn.
    public init(columns: [Column], keys: Int) {
        let keys = min(max(0, keys), columns.count)
        self.init(keys: keys, value: columns.indices.dropFirst(keys).first { columns[$0].kind.isNumeric })
    }

    /// Without a count of keys (a writer used on its own): the keys are the columns before the first number.
    public init(columns: [Column]) {
        self.init(columns: columns, keys: columns.firstIndex { $0.kind.isNumeric } ?? columns.count)
    }
}

/// A query's output as the checker resolved it.
public struct ResultOutput: Sendable, Hashable {
    public var format: FormatChoice
    /// `into 'PATH'`: the rows go to this file (written whole, then renamed into place).
    public var into: String?
    /// For a chart: its key columns and the one drawn.
    public var chart: ChartColumns?

    public init(format: FormatChoice, into: String? = nil, chart: ChartColumns? = nil) {
        self.format = format
        self.into = into
        self.chart = chart
    }

    /// The format on this output: `auto` is a table on a terminal (never into a file), NDJSON elsewhere.
    public func format(terminal: Bool) -> OutputFormat {
        format.known ?? (terminal && into == nil ? .table : .ndjson)
    }

    /// The format when it does not depend on the terminal (always, with `into`).
    public var knownFormat: OutputFormat? {
        format.known ?? (into == nil ? nil : .ndjson)
    }
}

extension OutputFormat {
    /// json and ndjson write a whole order as the bytes it came in (when nothing is selected).
    public var writesRecords: Bool { self == .json || self == .ndjson }
}
