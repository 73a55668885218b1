// `markdown`: a GitHub-flavoured pipe table, streamed row by row (Markdown
// renderers align the columns, so the text is not padded). Values use the
// display style: `busy(10)`, `1m05s`, times in the session zone. The header
// is written with the first row or at a successful end.
import Foundation

/// Writes a Markdown pipe table: header, separator (`---:` for numbers), rows.
///
/// `|`, `\` and the characters of inline formatting (`*` `_` `` ` `` `<` `[`
/// `]` `~`) are backslash-escaped and control characters shown as `\n`,
/// `\t`, … so a value never breaks the table or turns into formatting.
struct MarkdownWriter: RowWriter {
    let sink: OutputSink
    let cells: CellFormatter
    var kinds: [ColumnKind] = []
    /// Header and separator lines, until they are written.
    var pendingHeader: String?

    init(sink: OutputSink, timeZone: TimeZone) {
        self.sink = sink
        self.cells = CellFormatter(style: .display, timeZone: timeZone)
    }

    mutating func begin(columns: [Column]) throws(OutputError) {
        kinds = columns.map(\.kind)
        guard !columns.isEmpty else { return }
        let header = columns.map { TextEscaping.markdown($0.name) }
        let rule = columns.map { $0.kind.isNumeric ? "---:" : "---" }
        pendingHeader = line(header) + line(rule)
    }

    /// Writes the header if it is still pending.
    mutating func writeHeader() throws(OutputError) {
        if let header = pendingHeader {
            pendingHeader = nil
            try sink.write(header)
        }
    }

    mutating func write(_ row: OutputRow) throws(OutputError) {
        guard !kinds.isEmpty else { return }
        try writeHeader()
        var fields: [String] = []
        for (i, kind) in kinds.enumerated() {
            fields.append(TextEscaping.markdown(cells.format(i < row.values.count ? row.values[i] : .null, kind)))
        }
        try sink.write(line(fields))
    }

    mutating func finish(_ summary: OutputSummary) throws(OutputError) {
        try writeHeader()
        try sink.flush()
    }

    func line(_ fields: [String]) -> String {
        "| " + fields.joined(separator: " | ") + " |\n"
    }
}
