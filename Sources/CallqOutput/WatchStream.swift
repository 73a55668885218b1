// A watch when standard output is not a terminal (SPEC §13.2): each frame is written
// in the statement's format. The data formats get two more leading columns, `frame`
// (1, 2, …) and `at` (the frame's time, epoch seconds in JSON) — a stream a monitoring
// tool or a file can take; ndjson, csv and tsv are one stream (csv's header once), json
// an array per frame. The formats for people (table, markdown, line, chart) write each
// frame whole under a `frame N at TIME` line.
import CallqJSON
import Foundation

/// Writes watch frames to a pipe or file.
public struct WatchStream: Sendable {
    let sink: OutputSink
    let format: OutputFormat
    let timeZone: TimeZone
    /// The writer that spans frames (ndjson, csv, tsv) and the columns it began with.
    var stream: (any RowWriter)?
    var streamColumns: [Column] = []

    public init(sink: OutputSink, format: OutputFormat, timeZone: TimeZone) {
        self.sink = sink
        self.format = format
        self.timeZone = timeZone
    }

    /// The two columns every frame's rows start with.
    public static let frameColumns = [Column("frame", .integer), Column("at", .time)]

    /// Writes one frame: its rows stamped with its number and time, or under a heading saying them.
    public mutating func write(frame: Int, at: Int, _ result: WatchResult) throws(OutputError) {
        let columns = Self.frameColumns + result.columns
        let rows = result.rows.map { Self.stamped($0, frame: frame, at: at) }
        switch format {
        case .ndjson, .csv, .tsv:
            if stream == nil || streamColumns != columns {
                stream = makeWriter(OutputOptions(format: format, timeZone: timeZone, footer: false), sink: sink)
                try stream!.begin(columns: columns)
                streamColumns = columns
            }
            for row in rows { try stream!.write(row) }
            try sink.flush()
        case .json:
            var writer = makeWriter(OutputOptions(format: .json, timeZone: timeZone, footer: false), sink: sink)
            try writer.begin(columns: columns)
            for row in rows { try writer.write(row) }
            try writer.finish(OutputSummary(rows: rows.count, requests: 0, seconds: 0))
        case .table, .markdown, .line, .chart:
            try sink.write(Self.heading(frame: frame, at: at, timeZone: timeZone) + "\n")
            var options = OutputOptions(format: format, timeZone: timeZone, footer: false)
            options.groupKeys = result.groupKeys
            var writer = makeWriter(options, sink: sink)
            try writer.begin(columns: result.columns)
            for row in result.rows { try writer.write(row) }
            try writer.finish(OutputSummary(rows: result.rows.count, requests: 0, seconds: 0))
        }
    }

    /// `frame 2 at 2026-12-07 10:45:01` (the time in the session zone).
    static func heading(frame: Int, at: Int, timeZone: TimeZone) -> String {
        "frame \(frame) at " + CellFormatter(style: .display, timeZone: timeZone).format(.int(at), .time)
    }

    /// The row with `frame` and `at` in front; a whole order's bytes get them as its first keys.
    static func stamped(_ row: OutputRow, frame: Int, at: Int) -> OutputRow {
        var raw: [UInt8]?
        if let bytes = row.raw {
            var compact: [UInt8] = []
            JSONRowWriter.appendCompacted(bytes, to: &compact)
            if let brace = compact.firstIndex(of: UInt8(ascii: "{")) {
                let rest = compact[(brace + 1)...]
                var out = Array(compact[...brace])
                out += Array("\"frame\":\(frame),\"at\":\(at)".utf8)
                if rest.first != UInt8(ascii: "}") { out.append(UInt8(ascii: ",")) }
                out += rest
                raw = out
            }
        }
        return OutputRow([.int(frame), .int(at)] + row.values, raw: raw)
    }
}
