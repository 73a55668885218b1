// A query's output, resolved once (format or auto, `into`, chart columns). A
// chart (SPEC §9.4) — `format chart` written in the query, or in force through
// `set format` / `--format` — needs groups (`count by …`, `stats … by …`) and a
// number among the outputs to draw; refused here, so `--check` reports it like a
// run would, with the caret.

import CallqResult
import CallqSyntax

extension Checker {
    /// The query's output, resolved once: the format (the `format` clause, else the one `into
    /// 'PATH'`'s extension implies, else the session's `set format`, else auto), `into`, and for
    /// a chart its key columns and the column drawn. Throws when a chart has nothing to draw.
    func resolveOutput(
        clause: Name?, format: OutputFormat?, into: String?, shape: ResultShape,
        columns: [Column], query: SourceRange
    ) throws(Diagnostic) -> ResultOutput {
        let choice = FormatChoice(clause: format, into: into, setting: context.format)
        guard choice.known == .chart else { return ResultOutput(format: choice, into: into) }
        let range = format == nil ? query : clause?.range ?? query
        let source = format == nil ? "the session's format is `chart` (`set format` or --format), which" : "`format chart`"
        guard case .groups(let keys, _, _, _) = shape, !keys.isEmpty else {
            throw Diagnostic(
                .invalidClause, "\(source) draws one bar per group, and this query has no groups",
                at: range,
                hint: "group it: `orders count by status format chart`, or `stats avg(duration) by status`"
                    + (format == nil ? "; or `set format = auto` for rows" : ""))
        }
        let chart = ChartColumns(columns: columns, keys: keys.count)
        guard chart.value != nil else {
            throw Diagnostic(
                .invalidClause, "\(source) draws the first number after the group keys, and this result has none",
                at: range, hint: "add one, as in `stats count(), min(started) by status` (the bars show count)")
        }
        return ResultOutput(format: choice, into: into, chart: chart)
    }
}
