// The one streaming interface every format implements, and the factory the
// executor calls. Writers stream except `table`, which must see every row to
// size its columns (as psql does), and `chart`, which scales bars to the largest.

/// Writes a result in one format: columns first, then rows, then a summary.
///
/// Call `begin` once, `write` per row, `finish` once. Writers put bytes into
/// their `OutputSink` and never flush it between rows; the caller flushes
/// after each page. `finish` writes any trailer and flushes; for a file sink
/// the caller then calls `commit()` (or `abort()` on failure).
public protocol RowWriter: Sendable {
    mutating func begin(columns: [Column]) throws(OutputError)
    mutating func write(_ row: OutputRow) throws(OutputError)
    mutating func finish(_ summary: OutputSummary) throws(OutputError)
}

/// The writer for `options.format`, writing to `sink`.
public func makeWriter(_ options: OutputOptions, sink: OutputSink) -> any RowWriter {
    switch options.format {
    case .table: return TableWriter(options: options, sink: sink)
    case .json: return JSONRowWriter(sink: sink, array: true)
    case .ndjson: return JSONRowWriter(sink: sink, array: false)
    case .csv: return DelimitedWriter(sink: sink, timeZone: options.timeZone, separator: .comma)
    case .tsv: return DelimitedWriter(sink: sink, timeZone: options.timeZone, separator: .tab)
    case .markdown: return MarkdownWriter(sink: sink, timeZone: options.timeZone)
    case .line: return LineWriter(sink: sink, timeZone: options.timeZone)
    case .chart: return ChartWriter(options: options, sink: sink)
    }
}

/// Writes a whole result to a string: a convenience for embedding and tests.
public func renderOutput(
    columns: [Column], rows: [OutputRow], summary: OutputSummary, options: OutputOptions
) throws(OutputError) -> String {
    let sink = OutputSink.memory()
    var writer = makeWriter(options, sink: sink)
    try writer.begin(columns: columns)
    for row in rows { try writer.write(row) }
    try writer.finish(summary)
    return sink.text
}
