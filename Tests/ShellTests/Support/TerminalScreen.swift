// A small terminal emulator for tests: applies the output of a program (text, cursor
// moves, erases — the subset of xterm that libedit uses) to a grid of cells, so a test
// can assert on what a user would see. Self-contained (Glibc only) for reuse.

/// The visible screen of a terminal, rebuilt from the bytes a program wrote.
struct TerminalScreen {
    let rows: Int
    let columns: Int
    private(set) var cells: [[String]]
    private(set) var row = 0
    private(set) var column = 0
    /// Lines that scrolled off the top (a line feed on the last row).
    private(set) var scrolled = 0
    private var pendingWrap = false
    private var escape: [Unicode.Scalar]?

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
    }

    /// The screen `old` at a new size, as a terminal that does not re-wrap (xterm) shows it:
    /// lines cut or padded, the cursor kept where it was (clamped to the new size).
    init(resizing old: TerminalScreen, rows: Int, columns: Int) {
        self.init(rows: rows, columns: columns)
        for r in 0..<min(rows, old.rows) {
            for c in 0..<min(columns, old.columns) { cells[r][c] = old.cells[r][c] }
        }
        row = min(old.row, rows - 1)
        column = min(old.column, columns - 1)
    }

    /// The screen's lines, trailing spaces removed.
    var lines: [String] {
        cells.map { line in
            var text = line.joined()
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
    }

    /// The line the cursor is on, trailing spaces removed.
    var cursorLine: String { lines[row] }

    /// The last line that is not blank.
    var lastNonEmptyLine: String { lines.last { !$0.isEmpty } ?? "" }

    /// The whole screen as text (lines joined by newlines, trailing blank lines dropped).
    var text: String {
        var all = lines
        while all.last == "" { all.removeLast() }
        return all.joined(separator: "\n")
    }

    mutating func feed(_ scalar: Unicode.Scalar) {
        if escape != nil {
            escape!.append(scalar)
            if let sequence = escape, isComplete(sequence) {
                escape = nil
                apply(sequence)
            }
            return
        }
        switch scalar {
        case "\u{1B}": escape = []
        case "\r": column = 0; pendingWrap = false
        case "\n": lineFeed()
        case "\u{8}": column = max(0, column - 1); pendingWrap = false
        case "\t": column = min(columns - 1, (column / 8 + 1) * 8)
        case "\u{7}": break
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F { return }
            put(scalar)
        }
    }

    private mutating func put(_ scalar: Unicode.Scalar) {
        let width = TerminalScreen.isWide(scalar) ? 2 : 1
        if pendingWrap || column + width > columns {
            column = 0
            lineFeed()
        }
        cells[row][column] = String(scalar)
        if width == 2, column + 1 < columns { cells[row][column + 1] = "" }
        column += width
        if column >= columns {
            column = columns - 1
            pendingWrap = true
        }
    }

    private mutating func lineFeed() {
        pendingWrap = false
        if row == rows - 1 {
            scrolled += 1
            cells.removeFirst()
            cells.append(Array(repeating: " ", count: columns))
        } else {
            row += 1
        }
    }

    private func isComplete(_ sequence: [Unicode.Scalar]) -> Bool {
        guard let first = sequence.first else { return false }
        switch first {
        case "[":
            guard sequence.count > 1, let last = sequence.last else { return false }
            return (0x40...0x7E).contains(last.value)
        case "]":
            if sequence.last == "\u{7}" { return true }
            return sequence.count >= 2 && sequence[sequence.count - 2] == "\u{1B}" && sequence.last == "\\"
        case "(", ")", "#", "%":
            return sequence.count == 2
        default:
            return true
        }
    }

    private mutating func apply(_ sequence: [Unicode.Scalar]) {
        guard sequence.first == "[", let final = sequence.last else { return }
        let body = String(String.UnicodeScalarView(sequence.dropFirst().dropLast()))
        if body.hasPrefix("?") || body.hasPrefix(">") { return }  // modes: nothing to draw
        let numbers = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        let first = numbers.first.flatMap { $0 } ?? 0
        let count = max(1, first)
        pendingWrap = false
        switch final {
        case "A": row = max(0, row - count)
        case "B": row = min(rows - 1, row + count)
        case "C": column = min(columns - 1, column + count)
        case "D": column = max(0, column - count)
        case "G": column = min(columns - 1, count - 1)
        case "d": row = min(rows - 1, count - 1)
        case "H", "f":
            row = min(rows - 1, max(1, first) - 1)
            let second = numbers.count > 1 ? (numbers[1] ?? 1) : 1
            column = min(columns - 1, max(1, second) - 1)
        case "K": erase(line: row, mode: first)
        case "J":
            erase(line: row, mode: first)
            let others = first == 0 ? Array((row + 1)..<rows) : first == 1 ? Array(0..<row) : Array(0..<rows)
            for line in others { cells[line] = Array(repeating: " ", count: columns) }
        case "P":
            cells[row].removeSubrange(column..<min(columns, column + count))
            cells[row] += Array(repeating: " ", count: columns - cells[row].count)
        case "@":
            cells[row].insert(contentsOf: Array(repeating: " ", count: count), at: column)
            cells[row].removeLast(count)
        case "X":
            for index in column..<min(columns, column + count) { cells[row][index] = " " }
        default:
            break  // colours, scroll regions and the like do not change the text
        }
    }

    private mutating func erase(line: Int, mode: Int) {
        let range = mode == 0 ? column..<columns : mode == 1 ? 0..<(column + 1) : 0..<columns
        for index in range where index < columns { cells[line][index] = " " }
    }

    /// East Asian wide characters take two columns.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
