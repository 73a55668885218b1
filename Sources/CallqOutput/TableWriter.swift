// `table`: psql-style aligned columns for a terminal. It holds every row
// (already turned into text) until `finish`, because a column's width depends
// on all its cells; then it fits the columns to the terminal and prints.
import Foundation

/// Writes an aligned, display-width-aware table with an optional footer.
///
///      orderID | userName | status   | duration | callStartTs
///     ---------+----------+----------+----------+---------------------
///      o-1     | 张伟     | busy(10) |    1m05s | 2024-11-24 08:00:05
///     (1 order, 1 request, 0.41 s)
///
/// Numbers and durations are right-aligned; control characters are shown
/// escaped so each row is one line. When a terminal width is set and the
/// table is wider, the widest columns are narrowed first and their cells cut
/// with `…` (see `TableLayout`).
struct TableWriter: RowWriter {
    let sink: OutputSink
    let options: OutputOptions
    let cells: CellFormatter
    var columns: [Column] = []
    var header: [String] = []
    var rows: [[String]] = []
    var widths: [Int] = []

    init(options: OutputOptions, sink: OutputSink) {
        self.sink = sink
        self.options = options
        self.cells = CellFormatter(style: .display, timeZone: options.timeZone)
    }

    mutating func begin(columns: [Column]) throws(OutputError) {
        self.columns = columns
        header = columns.map { TextEscaping.controls($0.name) }
        widths = header.map(DisplayWidth.of)
    }

    mutating func write(_ row: OutputRow) throws(OutputError) {
        var texts: [String] = []
        texts.reserveCapacity(columns.count)
        for (i, column) in columns.enumerated() {
            let value = i < row.values.count ? row.values[i] : .null
            let text = TextEscaping.controls(cells.format(value, column.kind))
            widths[i] = max(widths[i], DisplayWidth.of(text))
            texts.append(text)
        }
        rows.append(texts)
    }

    mutating func finish(_ summary: OutputSummary) throws(OutputError) {
        var out = ""
        if !columns.isEmpty {
            let fitted = TableLayout.fit(widths, into: options.terminalWidth)
            if let width = options.terminalWidth, options.screen?.autoExpand == true, !rows.isEmpty,
                !TableLayout.isReadable(fitted, natural: widths)
            {
                out += ExpandedView.render(header, rows, note: ExpandedView.note(columns: columns.count, width: width))
            } else {
                let right = columns.map(\.kind.isNumeric)
                out += Self.render(header, fitted, right)
                out += fitted.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
                for row in rows { out += Self.render(row, fitted, right) }
            }
        }
        if options.footer { out += Self.footer(summary, noun: options.noun) + "\n" }
        rows.removeAll()
        if let screen = options.screen, let pager = screen.pager, Pager.isLonger(out, than: screen.rows) {
            try sink.flush()
            if Pager.show(out, command: pager) { return }
        }
        try sink.write(out)
        try sink.flush()
    }

    /// One line: ` a | b`, cells cut to width and padded (the last, if left-aligned, is not).
    static func render(_ texts: [String], _ widths: [Int], _ right: [Bool]) -> String {
        var line = " "
        for (i, text) in texts.enumerated() {
            if i > 0 { line += " | " }
            let cell = DisplayWidth.truncate(text, to: widths[i])
            let gap = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(cell)))
            if right[i] {
                line += gap + cell
            } else {
                line += cell
                if i < texts.count - 1 { line += gap }
            }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line + "\n"
    }

    /// `(37 orders, 3 requests, 0.41 s)`; singular for 1; requests left out when none were sent.
    static func footer(_ s: OutputSummary, noun: String) -> String {
        var parts = [counted(s.rows, noun)]
        if s.requests > 0 { parts.append(counted(s.requests, "requests")) }
        parts.append(String(format: "%.2f s", s.seconds))
        return "(" + parts.joined(separator: ", ") + ")"
    }

    static func counted(_ n: Int, _ plural: String) -> String {
        let word = n == 1 && plural.hasSuffix("s") ? String(plural.dropLast()) : plural
        return "\(n) \(word)"
    }
}
