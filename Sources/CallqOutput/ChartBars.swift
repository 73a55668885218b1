// The geometry of `format chart` (SPEC §9.4): how wide the label, bar and
// value parts of a line are for a terminal width, and the bar itself drawn in
// Unicode eighth blocks so a value an eighth of a cell larger shows.

/// Bar drawing and line layout for charts.
enum ChartBars {
    /// The partial blocks for 0 … 7 eighths of a cell (`▏` is one eighth).
    static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let full = "█"

    /// The width used when output is not a terminal (or the width is unknown).
    static let defaultWidth = 80
    /// Labels are never cut below this many cells (unless they are narrower).
    static let minimumLabel = 12

    /// The bar for `value` when `largest` fills `cells` cells, to the nearest eighth.
    ///
    /// Zero, negative, non-finite values and a bar area of no cells give no bar. A
    /// positive value too small for an eighth still gets `▏`, so it is told apart
    /// from zero.
    static func bar(_ value: Double, largest: Double, cells: Int) -> String {
        guard cells > 0, value.isFinite, value > 0, largest.isFinite, largest > 0 else { return "" }
        let exact = min(value / largest, 1) * Double(cells) * 8
        let eighths = max(1, Int(exact.rounded()))
        return String(repeating: full, count: eighths / 8) + partials[eighths % 8]
    }

    /// How many cells a label may take and how many are left for bars.
    ///
    /// A line is `label`, a space, the bar, a space, the value (no label and
    /// no space before the bar without group keys). The widest value is kept
    /// whole, so the longest bar plus its value fits the terminal exactly.
    /// Labels wider than leaves a quarter of the line for bars are cut to
    /// that, but not below `minimumLabel`; when even then nothing is left,
    /// the bar area is 0 and lines are label and value only.
    static func layout(labelWidth: Int, valueWidth: Int, terminalWidth: Int) -> (label: Int, bars: Int) {
        let room = terminalWidth - valueWidth - 1 - (labelWidth > 0 ? 1 : 0)
        let label = min(labelWidth, max(minimumLabel, room - terminalWidth / 4))
        return (label, max(0, room - label))
    }
}
