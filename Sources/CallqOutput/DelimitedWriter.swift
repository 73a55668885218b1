// `csv` and `tsv`: a header row, then one line per row, values in the flat
// style (exact numbers, ISO 8601 times, enum codes; see `CellFormatter`).
// Both stream: nothing is held between rows. The header is written with the
// first row or at a successful end, so a statement that fails first writes nothing.
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
/// Multi-valued fields are joined with `;`, a `;` or `\` inside an element
/// written `\;` or `\\` (`["a;b","c"]` is `a\;b;c`).
struct DelimitedWriter: RowWriter {
    enum Separator { case comma, tab }

    let sink: OutputSink
    let cells: CellFormatter
    let separator: Separator
    var kinds: [ColumnKind] = []
    /// The header record, until it is written.
    var pendingHeader: String?

    init(sink: OutputSink, timeZone: TimeZone, separator: Separator) {
        self.sink = sink
        self.cells = CellFormatter(style: .flat, timeZone: timeZone)
        self.separator = separator
    }

    mutating func begin(columns: [Column]) throws(OutputError) {
        kinds = columns.map(\.kind)
        pendingHeader = record(columns.map { escape($0.name, list: false) })
    }

    /// Writes the header if it is still pending.
    mutating func writeHeader() throws(OutputError) {
        if let header = pendingHeader {
            pendingHeader = nil
            try sink.write(header)
        }
    }

    mutating func write(_ row: OutputRow) throws(OutputError) {
        try writeHeader()
        var fields: [String] = []
        fields.reserveCapacity(kinds.count)
        for (i, kind) in kinds.enumerated() {
            let text = cells.format(i < row.values.count ? row.values[i] : .null, kind)
            if case .list = kind { fields.append(escape(text, list: true)) } else { fields.append(escape(text, list: false)) }
        }
        try sink.write(record(fields))
    }

    mutating func finish(_ summary: OutputSummary) throws(OutputError) {
        try writeHeader()
        try sink.flush()
    }

    /// One record of already escaped fields.
    func record(_ fields: [String]) -> String {
        fields.joined(separator: separator == .comma ? "," : "\t") + (separator == .comma ? "\r\n" : "\n")
    }

    /// One field as the format writes it. A joined list already has its
    /// backslashes doubled (`CellFormatter`), so tsv leaves them alone there.
    func escape(_ text: String, list: Bool) -> String {
        switch separator {
        case .comma: return Self.csvField(text)
        case .tab: return TextEscaping.tsv(text, backslashes: !list)
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
