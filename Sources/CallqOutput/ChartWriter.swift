// `chart` (SPEC §9.4): a `count by`/`stats … by` result as horizontal bars,
// one line per group — the keys as the label, a bar for the first number
// after the keys scaled so the largest fills the line, then the value:
//
//     busy(10)       ████████████████████████████████████████████████████████ 20
//     completed(6)   ██████████████████████████████████████████ 15
//     rejected(13)   ██▊ 1
//
// It keeps every group (keys and the one value) until `finish`, because the
// scale depends on the largest value; memory is bounded by the group count.
import CallqJSON
import Foundation

/// Writes a grouped result as an eighth-block bar chart.
struct ChartWriter: RowWriter {
    let sink: OutputSink
    let options: OutputOptions
    let cells: CellFormatter
    var keyKinds: [ColumnKind] = []
    /// The column drawn: the first number after the keys (nil: none, lines show no bar).
    var valueIndex: Int?
    var valueKind: ColumnKind = .integer
    var rows: [ChartRow] = []

    init(options: OutputOptions, sink: OutputSink) {
        self.sink = sink
        self.options = options
        self.cells = CellFormatter(style: .display, timeZone: options.timeZone)
    }

    mutating func begin(columns: [Column]) throws(OutputError) {
        let chart = options.chart ?? ChartColumns(columns: columns)
        keyKinds = columns.prefix(min(chart.keys, columns.count)).map(\.kind)
        valueIndex = chart.value.flatMap { $0 < columns.count ? $0 : nil }
        if let valueIndex { valueKind = columns[valueIndex].kind }
    }

    mutating func write(_ row: OutputRow) throws(OutputError) {
        let keys = keyKinds.indices.map { $0 < row.values.count ? row.values[$0] : JSONValue.null }
        let value = valueIndex.map { $0 < row.values.count ? row.values[$0] : .null } ?? .null
        rows.append(ChartRow(keys: keys, value: value))
    }

    mutating func finish(_ summary: OutputSummary) throws(OutputError) {
        var groups = rows
        rows.removeAll()
        var note: String?
        if case .bucket(_, let step)? = keyKinds.first, step.isTimeLike || Self.isWholeNumberBin(step) {
            let filled = ChartGaps.fill(groups, step: step, calendar: BucketCalendar(timeZone: options.timeZone))
            groups = filled.rows
            if filled.gapsLeftOut {
                note = "(empty buckets not shown: more than \(ChartGaps.maximumAdded) between the first and the last)"
            }
        }
        var out = render(groups)
        if let note { out += note + "\n" }
        try sink.write(out)
        try sink.flush()
    }

    /// `bin(duration, 1m)`, `bin(x, 10)`: numeric bins of a whole step show their empty bins
    /// as zero rows too, as time buckets do (SPEC §14).
    static func isWholeNumberBin(_ step: BucketStep) -> Bool {
        if case .valueBin(let s) = step { return s >= 1 && s == s.rounded() }
        return false
    }

    /// The chart's lines.
    func render(_ groups: [ChartRow]) -> String {
        // Each key's cells padded to that key's widest, keys two spaces apart.
        let keyTexts = groups.map { g in g.keys.enumerated().map { TextEscaping.controls(cells.format($1, keyKinds[$0])) } }
        var keyWidths = Array(repeating: 0, count: keyKinds.count)
        for texts in keyTexts { for (i, t) in texts.enumerated() { keyWidths[i] = max(keyWidths[i], DisplayWidth.of(t)) } }
        let labels = keyTexts.map { texts in
            texts.enumerated().map { i, t in
                i == texts.count - 1 ? t : t + String(repeating: " ", count: keyWidths[i] - DisplayWidth.of(t))
            }.joined(separator: "  ")
        }
        let values = groups.map { TextEscaping.controls(cells.format($0.value, valueKind)) }
        let labelWidth = labels.map(DisplayWidth.of).max() ?? 0
        let valueWidth = values.map(DisplayWidth.of).max() ?? 0
        let (labelCells, barCells) = ChartBars.layout(
            labelWidth: labelWidth, valueWidth: valueWidth,
            terminalWidth: options.terminalWidth ?? ChartBars.defaultWidth)
        let numbers = groups.map { $0.value.doubleValue }
        let largest = numbers.compactMap { $0 }.filter(\.isFinite).max() ?? 0

        var out = ""
        for (i, label) in labels.enumerated() {
            var line = ""
            if labelCells > 0 {
                let cut = DisplayWidth.truncate(label, to: labelCells)
                line = cut + String(repeating: " ", count: max(0, labelCells - DisplayWidth.of(cut))) + " "
            }
            let bar = numbers[i].map { ChartBars.bar($0, largest: largest, cells: barCells) } ?? ""
            if !bar.isEmpty { line += bar + " " }
            line += values[i]
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
