// The body of a watch frame on a terminal: a table whose moved numbers carry their
// change (`412 (+3)`) and whose new rows and groups start with `+`, or a chart redrawn
// with the same marks; other formats are written as they are, without marks.
import CallqJSON
import Foundation

extension WatchScreen {
    /// The frame's result as lines, compared with `previous` (nil: nothing is marked).
    public func body(
        _ result: WatchResult, previous: WatchResult?, format: OutputFormat,
        timeZone: TimeZone
    ) throws(OutputError) -> [String] {
        let diff = WatchDiff(current: result, previous: previous)
        switch format {
        case .table: return table(result, diff, timeZone: timeZone)
        case .chart: return try chart(result, diff, timeZone: timeZone)
        default:
            var options = OutputOptions(format: format, timeZone: timeZone, terminalWidth: width, footer: false)
            options.chart = result.groupKeys.map { ChartColumns(columns: result.columns, keys: $0) }
            let text = try renderOutput(
                columns: result.columns, rows: result.rows,
                summary: OutputSummary(rows: result.rows.count, requests: 0, seconds: 0),
                options: options)
            var lines = text.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    /// A table as `table` draws it; a moved number shows `412 (+3)`, a new row starts with `+`.
    func table(_ result: WatchResult, _ diff: WatchDiff, timeZone: TimeZone) -> [String] {
        let cells = CellFormatter(style: .display, timeZone: timeZone)
        let header = result.columns.map { TextEscaping.controls($0.name) }
        var widths = header.map(DisplayWidth.of)
        var texts: [[String]] = []
        for row in result.rows {
            var line: [String] = []
            for (i, column) in result.columns.enumerated() {
                var text = TextEscaping.controls(cells.format(i < row.values.count ? row.values[i] : .null, column.kind))
                if let delta = diff.change(row, column: i) {
                    text += " " + WatchDiff.text(delta, kind: column.kind, formatter: cells)
                }
                widths[i] = max(widths[i], DisplayWidth.of(text))
                line.append(text)
            }
            texts.append(line)
        }
        guard !result.columns.isEmpty else { return [] }
        let fitted = TableLayout.fit(widths, into: width)
        let right = result.columns.map(\.kind.isNumeric)
        var lines = [TableWriter.render(header, fitted, right)]
        lines.append(fitted.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+"))
        for (row, line) in zip(result.rows, texts) {
            var text = TableWriter.render(line, fitted, right)
            if diff.isNew(row) { text = "+" + text.dropFirst() }
            lines.append(text)
        }
        return lines.map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }
    }

    /// A chart as `chart` draws it, with a two-cell gutter holding `+` for a new group and
    /// the change after a moved value.
    func chart(_ result: WatchResult, _ diff: WatchDiff, timeZone: TimeZone) throws(OutputError) -> [String] {
        var options = OutputOptions(format: .chart, timeZone: timeZone, terminalWidth: max(20, width - 10), footer: false)
        options.chart = result.groupKeys.map { ChartColumns(columns: result.columns, keys: $0) }
        var writer = ChartWriter(options: options, sink: .memory())
        try writer.begin(columns: result.columns)
        for row in result.rows { try writer.write(row) }
        var groups = writer.rows
        var note: String?
        if case .bucket(_, let step)? = writer.keyKinds.first, step.isTimeLike {
            let filled = ChartGaps.fill(groups, step: step, calendar: BucketCalendar(timeZone: timeZone))
            groups = filled.rows
            if filled.gapsLeftOut {
                note = "(empty buckets not shown: more than \(ChartGaps.maximumAdded) between the first and the last)"
            }
        }
        let drawn = writer.render(groups).components(separatedBy: "\n")
        // The rows of the result by their keys, to find each drawn group's marks.
        let keyCount = writer.keyKinds.count
        var byKeys: [[JSONValue]: OutputRow] = [:]
        for row in result.rows { byKeys[Array(row.values.prefix(keyCount))] = row }
        let cells = CellFormatter(style: .display, timeZone: timeZone)
        var lines: [String] = []
        for (group, line) in zip(groups, drawn) {
            var text = "  " + line
            if let row = byKeys[group.keys] {
                if diff.isNew(row) { text = "+ " + line }
                if let index = writer.valueIndex, let delta = diff.change(row, column: index) {
                    text += " " + WatchDiff.text(delta, kind: writer.valueKind, formatter: cells)
                }
            }
            lines.append(text)
        }
        if let note { lines.append(note) }
        return lines
    }
}
