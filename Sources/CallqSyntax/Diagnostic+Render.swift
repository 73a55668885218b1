// Renders a Diagnostic as `file:line:col: error: message`, the source line,
// a caret line (`^~~~`) under the range, and the hint.

extension Diagnostic {
    /// The message with the source line and a caret, e.g.
    /// ```
    /// query:1:14: error: unknown field `staus`
    ///   orders where staus = busy
    ///                ^~~~~
    ///   hint: did you mean `status`?
    /// ```
    /// `source` is the text the line numbers refer to (a whole script or one statement).
    public func render(source: String, fileName: String = "query") -> String {
        let line = range.start.line, col = range.start.column
        var out = "\(fileName):\(line):\(col): error: \(message)\n"
        let lines = source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if line >= 1, line <= lines.count {
            var text = String(lines[line - 1])
            if text.hasSuffix("\r") { text.removeLast() }
            let chars = Array(text.unicodeScalars)
            out += "  " + String(String.UnicodeScalarView(chars.map { $0 == "\t" ? " " : $0 })) + "\n"
            let startIndex = max(0, min(col - 1, chars.count))
            var endIndex = startIndex + 1
            if range.end.line == line {
                endIndex = max(startIndex + 1, min(chars.count, range.end.column - 1))
            } else if range.end.line > line {
                endIndex = max(startIndex + 1, chars.count)
            }
            let pad = chars[..<startIndex].reduce(0) { $0 + Diagnostic.cells($1) }
            let width = max(1, chars[startIndex..<min(endIndex, chars.count)].reduce(0) { $0 + Diagnostic.cells($1) })
            out +=
                "  " + String(repeating: " ", count: pad) + "^"
                + String(repeating: "~", count: width - 1) + "\n"
        }
        if let hint { out += "  hint: \(hint)\n" }
        return out
    }
}

extension Diagnostic {
    /// Terminal cells a scalar takes: 2 for East Asian wide characters, else 1.
    static func cells(_ c: Unicode.Scalar) -> Int {
        let v = c.value
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
