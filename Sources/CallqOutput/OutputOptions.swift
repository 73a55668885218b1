// The settings a writer needs from the session (format, zone, width, footer,
// which columns are group keys) and the figures it prints at the end of a table.
import Foundation

/// How to write a result: format, session time zone, terminal width and footer.
public struct OutputOptions: Sendable {
    public var format: OutputFormat
    /// The zone times are shown in (`set tz`), for table, markdown, line, csv and tsv.
    public var timeZone: TimeZone
    /// The terminal's width in cells; a table is cut to fit it. Nil: never cut.
    public var terminalWidth: Int?
    /// Whether a table ends with `(37 orders, 3 requests, 0.41 s)`.
    public var footer: Bool
    /// What a row is called in the footer, plural: "orders", "groups", "tasks", "rows".
    public var noun: String
    /// How many leading columns are group keys (`count by a, b`: 2), for `chart`.
    /// Nil: unknown; a chart then takes the columns before the first number as keys.
    public var groupKeys: Int?
    /// The terminal (stdout) a table is shown on, when it is one: a table that cannot fit its
    /// width is shown expanded, one longer than its height goes through the pager.
    public var screen: Screen?

    /// The terminal a table is shown on.
    public struct Screen: Sendable {
        public var rows: Int
        /// The pager's shell command (`$PAGER`, else `less -FRX`); nil: no paging (`set pager = off`).
        public var pager: String?
        /// The format was not chosen (`table` by default): a table too wide is shown expanded.
        public var autoExpand: Bool
        public init(rows: Int, pager: String?, autoExpand: Bool) {
            self.rows = rows; self.pager = pager; self.autoExpand = autoExpand
        }
    }

    public init(
        format: OutputFormat, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
        terminalWidth: Int? = nil, footer: Bool = true, noun: String = "rows", groupKeys: Int? = nil
    ) {
        self.format = format
        self.timeZone = timeZone
        self.terminalWidth = terminalWidth
        self.footer = footer
        self.noun = noun
        self.groupKeys = groupKeys
    }
}
