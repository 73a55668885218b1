// `line`: psql's expanded mode without the record banners: one
// `field = value` line per column, names padded to align, a blank line
// between rows. Streams; values use the display style.
import Foundation

/// Writes each row as aligned `name = value` lines, rows separated by a blank line.
///
/// Chosen over psql's `-[ RECORD 1 ]` banners because it is what SPEC §6 asks
/// for and `grep '^status'` works on it. Control characters are shown
/// escaped (`\n`) so each field stays on one line; null is an empty value.
struct LineWriter: RowWriter {
    let sink: OutputSink
    let cells: CellFormatter
    var kinds: [ColumnKind] = []
    var labels: [String] = []
    var rows = 0

    init(sink: OutputSink, timeZone: TimeZone) {
        self.sink = sink
        self.cells = CellFormatter(style: .display, timeZone: timeZone)
    }

    mutating func begin(columns: [Column]) throws(OutputError) {
        kinds = columns.map(\.kind)
        let names = columns.map { TextEscaping.controls($0.name) }
        let width = names.map(DisplayWidth.of).max() ?? 0
        labels = names.map { $0 + String(repeating: " ", count: width - DisplayWidth.of($0)) + " = " }
    }

    mutating func write(_ row: OutputRow) throws(OutputError) {
        guard !kinds.isEmpty else { return }
        var text = rows == 0 ? "" : "\n"
        for (i, kind) in kinds.enumerated() {
            let value = cells.format(i < row.values.count ? row.values[i] : .null, kind)
            text += labels[i] + TextEscaping.controls(value)
            // No trailing blank after `=` for an empty value.
            if value.isEmpty { text.removeLast() }
            text += "\n"
        }
        rows += 1
        try sink.write(text)
    }

    mutating func finish(_ summary: OutputSummary) throws(OutputError) {
        try sink.flush()
    }
}
