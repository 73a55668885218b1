// `csv` and `tsv`: a header row, then one line per row, values in the flat
// style (exact numbers, ISO 8601 times, enum codes; see `CellFormatter`).
// Both stream: nothing is held between rows.
import Foundation

/// Writes comma- or tab-separated values with a header row.
///
/// - `csv` follows RFC 4180: records end with CRLF (as the RFC and sqlite3's
///   `.mode csv` do; every CSV reader accepts it), and a field is quoted when it
///   holds a comma, a double quote, CR or LF, with inner quotes doubled.
///   Null is an empty unquoted field.
/// - `tsv` ends records with LF and escapes tab, LF, CR and backslash as
///   `\t` `\n` `\r` `\\` (the PostgreSQL `COPY` text convention), so every
///   record is one line and `cut -f` works.
/// Multi-valued fields are joined with `;`.
struct DelimitedWriter: RowWriter {
    enum Separator { case comma, tab }

    let sink: OutputSink
    let cells: CellFormatter
    let separator: Separator
    var kinds: [ColumnKind] = []

    init(sink: OutputSink, timeZone: TimeZone, separator: Separator) {
        self.sink = sink
        self.cells = CellFormatter(style: .flat, timeZone: timeZone)
        self.separator = separator
    }

    mutating func begin(columns: [Column]) throws(OutputError) {
        kinds = columns.map(\.kind)
        try sink.write(record(columns.map(\.name)))
    }

    mutating func write(_ row: OutputRow) throws(OutputError) {
        var fields: [String] = []
        fields.reserveCapacity(kinds.count)
        for (i, kind) in kinds.enumerated() {
            fields.append(cells.format(i < row.values.count ? row.values[i] : .null, kind))
        }
        try sink.write(record(fields))
    }

    mutating func finish(_ summary: OutputSummary) throws(OutputError) {
        try sink.flush()
    }

    func record(_ fields: [String]) -> String {
        switch separator {
        case .comma: return fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        case .tab: return fields.map(TextEscaping.tsv).joined(separator: "\t") + "\n"
        }
    }

    /// One RFC 4180 field: quoted when it holds `,` `"` CR or LF, quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
