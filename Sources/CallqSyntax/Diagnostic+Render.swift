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
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if line >= 1, line <= lines.count {
            var text = String(lines[line - 1])
            if text.hasSuffix("\r") { text.removeLast() }
            let chars = Array(text)
            out += "  " + text.map { $0 == "\t" ? " " : String($0) }.joined() + "\n"
            let startIndex = max(0, min(col - 1, chars.count))
            var width = 1
            if range.end.line == line {
                width = max(1, range.end.column - col)
            } else if range.end.line > line {
                width = max(1, chars.count - startIndex)
            }
            out += "  " + String(repeating: " ", count: startIndex) + "^"
                + String(repeating: "~", count: width - 1) + "\n"
        }
        if let hint { out += "  hint: \(hint)\n" }
        return out
    }
}
