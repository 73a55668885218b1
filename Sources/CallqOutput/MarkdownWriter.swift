// `markdown`: a GitHub-flavoured pipe table, streamed row by row (Markdown
// renderers align the columns, so the text is not padded). Values use the
// display style: `busy(10)`, `1m05s`, times in the session zone.
import Foundation

/// Writes a Markdown pipe table: header, separator (`---:` for numbers), rows.
///
/// `|` and `\` in values are backslash-escaped and control characters shown
/// as `\n`, `\t`, … so a value never breaks the table. Other Markdown
/// syntax (`*`, `_`, `<`) in values is left as it is.
struct MarkdownWriter: RowWriter {
    let sink: OutputSink
    let cells: CellFormatter
    var kinds: [ColumnKind] = []

    init(sink: OutputSink, timeZone: TimeZone) {
        self.sink = sink
        self.cells = CellFormatter(style: .display, timeZone: timeZone)
    }

    mutating func begin(columns: [Column]) throws(OutputError) {
        kinds = columns.map(\.kind)
        guard !columns.isEmpty else { return }
        let header = columns.map { TextEscaping.markdown($0.name) }
        let rule = columns.map { $0.kind.isNumeric ? "---:" : "---" }
        try sink.write(line(header) + line(rule))
    }

    mutating func write(_ row: OutputRow) throws(OutputError) {
        guard !kinds.isEmpty else { return }
        var fields: [String] = []
        for (i, kind) in kinds.enumerated() {
            fields.append(TextEscaping.markdown(cells.format(i < row.values.count ? row.values[i] : .null, kind)))
        }
        try sink.write(line(fields))
    }

    mutating func finish(_ summary: OutputSummary) throws(OutputError) {
        try sink.flush()
    }

    func line(_ fields: [String]) -> String {
        "| " + fields.joined(separator: " | ") + " |\n"
    }
}
