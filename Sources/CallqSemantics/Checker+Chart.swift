// Whether a query can be drawn as a chart (SPEC §9.4): `format chart` — written
// in the query, or in force through `set format` / `--format` — needs groups
// (`count by …`, `stats … by …`) and a number among the outputs to draw.
// Refused here, so `--check` reports it like a run would, with the caret.

import CallqResult
import CallqSyntax

extension Checker {
    /// Throws when the query's output format is `chart` and there is nothing to chart.
    ///
    /// The format is the query's `format` clause, else the one `into 'PATH'`'s
    /// extension implies, else the session's `set format` (as the run picks it).
    func checkChart(clause: Name?, format: OutputFormat?, into: String?, shape: ResultShape,
                    columns: [Column], query: SourceRange) throws(Diagnostic) {
        let setting = into.flatMap { OutputFormat(path: $0) } == nil ? context.format : nil
        guard (format ?? setting) == .chart else { return }
        let range = format == nil ? query : clause?.range ?? query
        let source = format == nil ? "the session's format is `chart` (`set format` or --format), which" : "`format chart`"
        guard case .groups(let keys, _) = shape, !keys.isEmpty else {
            throw Diagnostic(.invalidClause, "\(source) draws one bar per group, and this query has no groups",
                             at: range,
                             hint: "group it: `orders count by status format chart`, or `stats avg(duration) by status`"
                                 + (format == nil ? "; or `set format = auto` for rows" : ""))
        }
        guard columns.dropFirst(keys.count).contains(where: { $0.kind.isNumeric }) else {
            throw Diagnostic(.invalidClause, "\(source) draws the first number after the group keys, and this result has none",
                             at: range, hint: "add one, as in `stats count(), min(started) by status` (the bars show count)")
        }
    }
}
