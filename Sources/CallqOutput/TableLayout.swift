// Fitting a table to the terminal: which columns give up cells when the
// natural widths do not fit. Short columns keep their width; the long ones
// are narrowed to a common cap (water-filling), so no column vanishes.

/// Column width planning for `table`.
enum TableLayout {
    /// The narrowest a column is cut to (cells), unless its content is narrower.
    static let minimumWidth = 3

    /// The widest a cut column must stay to be read (an id, a phone number, a date);
    /// a column natively narrower needs all of its cells.
    static let readableWidth = 12

    /// Whether a table cut to `fitted` can still be read: no column lost more than its
    /// readable part, and the line does not overflow the terminal. Otherwise the
    /// terminal shows the rows expanded (psql's `\x auto`).
    static func isReadable(_ fitted: [Int], natural: [Int]) -> Bool {
        zip(fitted, natural).allSatisfy { $0 >= min($1, readableWidth) }
    }

    /// Widths that fit `terminalWidth` cells, given each column's natural width.
    ///
    /// A line is ` ` + cells joined by ` | `, and the rule under the header
    /// is one cell longer (`-` for the space after the last cell, as psql), so
    /// n columns cost 3n − 1 cells besides their content. When the natural widths fit, they are
    /// kept. Otherwise every column wider than a cap C is cut to C, with C the
    /// largest that fits, and cells left over go one each to the cut columns
    /// from the left. If even `minimumWidth` per column does not fit, columns
    /// get `minimumWidth` and the line overflows (the terminal wraps it).
    static func fit(_ natural: [Int], into terminalWidth: Int?) -> [Int] {
        guard let terminalWidth, !natural.isEmpty else { return natural }
        let budget = terminalWidth - (3 * natural.count - 1)
        if natural.reduce(0, +) <= budget { return natural }
        func total(_ cap: Int) -> Int { natural.reduce(0) { $0 + min($1, cap) } }
        var cap = minimumWidth
        var hi = natural.max()!
        // Largest cap whose total fits (binary search; total is monotonic in cap).
        if total(cap) > budget { return natural.map { min($0, minimumWidth) } }
        while cap < hi {
            let mid = (cap + hi + 1) / 2
            if total(mid) <= budget { cap = mid } else { hi = mid - 1 }
        }
        var widths = natural.map { min($0, cap) }
        var spare = budget - widths.reduce(0, +)
        for i in widths.indices where spare > 0 && natural[i] > widths[i] {
            widths[i] += 1
            spare -= 1
        }
        return widths
    }
}
