// Where each byte of a fuzzed script is, by the lexer's own rules (lines count
// `\n`, columns count characters), so every token and diagnostic range can be
// checked against the text it claims to point into.

import CallqSyntax

/// Line and column of every UTF-8 offset of a text.
struct SourceMap {
    let bytes: [UInt8]
    /// `positions[k]` is the position of offset `k` (`0...bytes.count`).
    let positions: [SourcePosition]
    /// Lines as `Diagnostic.render` counts them.
    let lineCount: Int

    init(_ text: String) {
        bytes = Array(text.utf8)
        var out: [SourcePosition] = []
        out.reserveCapacity(bytes.count + 1)
        var line = 1, column = 1
        for (k, b) in bytes.enumerated() {
            out.append(SourcePosition(offset: k, line: line, column: column))
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        out.append(SourcePosition(offset: bytes.count, line: line, column: column))
        positions = out
        lineCount = line
    }

    /// Nil when `p` is a real position of the text, else what is wrong with it.
    func problem(with p: SourcePosition) -> String? {
        guard p.offset >= 0, p.offset <= bytes.count else {
            return "offset \(p.offset) outside 0...\(bytes.count)"
        }
        let want = positions[p.offset]
        guard want.line == p.line, want.column == p.column else {
            return "offset \(p.offset) is at \(want), not \(p)"
        }
        return nil
    }

    /// Nil when `r` is an ordered range inside the text, else what is wrong with it.
    func problem(with r: SourceRange) -> String? {
        if let s = problem(with: r.start) { return "start: " + s }
        if let e = problem(with: r.end) { return "end: " + e }
        if r.start.offset > r.end.offset { return "start after end" }
        return nil
    }
}
