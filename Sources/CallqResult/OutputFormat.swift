// The output formats callq can write, and how a file name picks one
// (`into 'report.csv'`). The writers themselves live in one file per format.

/// One of callq's output formats (SPEC §6).
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for people, sized to the terminal, with a footer.
    case table
    /// One JSON array, streamed row by row.
    case json
    /// One JSON object per line.
    case ndjson
    /// RFC 4180 comma-separated values with a header row.
    case csv
    /// Tab-separated values with a header row; tab, newline, CR and backslash escaped.
    case tsv
    /// A GitHub-flavoured Markdown pipe table.
    case markdown
    /// psql's expanded mode: one `field = value` line per field, a blank line between rows.
    case line
    /// Horizontal bars, one line per group of a `count by`/`stats … by` result (SPEC §9.4).
    case chart

    /// The format a file extension implies, without the dot and case-insensitive.
    ///
    /// `json`, `ndjson`/`jsonl`, `csv`, `tsv`, `md`/`markdown`, and `txt` (a table).
    /// No extension implies `chart` (write `format chart`). Any other extension
    /// gives nil, so the caller can ask for an explicit `format`.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "md", "markdown": self = .markdown
        case "txt", "text": self = .table
        default: return nil
        }
    }

    /// The format for a path, from the text after its last dot (nil when there is none).
    public init?(path: String) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(pathExtension: String(name[name.index(after: dot)...]))
    }

    /// The extension of a path that implies no format (`xlsx` of `report.xlsx`); nil when the
    /// path has no extension or one callq writes.
    public static func unwrittenExtension(of path: String) -> String? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, OutputFormat(path: path) == nil else { return nil }
        let ext = String(name[name.index(after: dot)...])
        return ext.isEmpty ? nil : ext
    }

    /// One line for `help formats`.
    public var help: String {
        switch self {
        case .table: "aligned columns for the terminal (default on a terminal)"
        case .json: "one JSON array"
        case .ndjson: "one JSON object per line (default when piped); whole orders pass through unchanged"
        case .csv: "comma-separated, header row; lists joined with ;"
        case .tsv: "tab-separated, header row; lists joined with ;"
        case .markdown: "a pipe table"
        case .line: "one `field = value` per line, a blank line between rows"
        case .chart:
            "a bar per group of `count by …`/`stats … by …`, scaled to the terminal; time buckets in order, empty ones shown as 0"
        }
    }
}
