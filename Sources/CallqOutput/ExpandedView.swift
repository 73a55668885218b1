// The expanded view a table switches to when its rows cannot fit the terminal
// (psql's `\x auto`): a note saying so, then each row as aligned `name = value`
// lines (the `line` format), a blank line between rows.

/// Renders table rows, already formatted as cell texts, in the `line` layout.
enum ExpandedView {
    /// What the person is told above the rows.
    static func note(columns: Int, width: Int) -> String {
        "(\(columns) columns do not fit \(width) columns: expanded view; `format table` keeps the table)"
    }

    /// The note, a blank line, then each row's `name = value` lines; rows separated by a blank line.
    static func render(_ header: [String], _ rows: [[String]], note: String) -> String {
        let width = header.map(DisplayWidth.of).max() ?? 0
        let labels = header.map { $0 + String(repeating: " ", count: width - DisplayWidth.of($0)) + " =" }
        var out = note + "\n"
        for row in rows {
            out += "\n"
            for (i, label) in labels.enumerated() {
                let text = i < row.count ? row[i] : ""
                out += text.isEmpty ? label + "\n" : label + " " + text + "\n"
            }
        }
        return out
    }
}
