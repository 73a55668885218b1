// Splits a script into statements by the rules of SPEC §3: a statement ends
// at `;` or at the end of a line, unless a bracket or quote is open, the line
// ends with `\` or a token that cannot end a statement, or the next line is indented.

/// One statement of a script: its text and where that text starts.
public struct ScriptStatement: Sendable, Hashable {
    /// The statement's source, as written (comments and line joins included).
    public var text: String
    /// Position of the first character of `text` in the script (pass it to `Parser.parse(_:origin:)`).
    public var origin: SourcePosition
    public var line: Int { origin.line }
    public var column: Int { origin.column }
    public var offset: Int { origin.offset }
    public init(text: String, origin: SourcePosition) { self.text = text; self.origin = origin }
}

/// Statement boundaries for scripts and the REPL's continuation prompt.
public enum ScriptSplitter {
    /// Words after which a statement cannot end, so the next line continues it.
    public static let continuationWords: Set<String> = [
        "and", "or", "not", "where", "by", "in", "like", "between", "is", "select", "from", "as",
        "stats", "limit", "page", "size", "format", "into", "having"
    ]
    /// Symbols after which a statement cannot end.
    public static let continuationSymbols: Set<String> = [
        "=", "!=", "<>", "<", "<=", ">", ">=", "~", ",", "(", ".", "..", "-", "+", "/", "\\"
    ]

    /// The statements of `script`, in order, each with its start position.
    public static func split(_ script: String) -> [ScriptStatement] {
        var s = Scanner(script)
        s.run()
        return s.statements
    }

    /// True when `text` needs no more lines: no open quote or bracket, and it does
    /// not end with `\` or a token that cannot end a statement. Empty text is complete.
    public static func isComplete(_ text: String) -> Bool {
        var s = Scanner(text)
        s.run(finishLast: false)
        return s.quote == 0 && s.depth == 0 && (s.start == nil || !s.lastIsContinuation)
    }

    struct Scanner {
        let b: [UInt8]
        var i = 0, line = 1, column = 1
        var quote: UInt8 = 0
        var depth = 0
        var start: SourcePosition?
        /// Byte range of the last token of the pending statement (`lastStart == -1`: a quoted string).
        var lastStart = 0, lastEnd = 0
        var lastWasWord = false
        var lastWasSymbol = false
        var statements: [ScriptStatement] = []

        init(_ text: String) { b = Array(text.utf8) }

        var position: SourcePosition { SourcePosition(offset: i, line: line, column: column) }

        var lastIsContinuation: Bool {
            guard lastStart >= 0, lastEnd > lastStart, lastEnd - lastStart <= 10 else { return false }
            let last = String(decoding: b[lastStart..<lastEnd], as: UTF8.self)
            return ScriptSplitter.continuationSymbols.contains(last)
                || ScriptSplitter.continuationWords.contains(last.lowercased())
        }

        mutating func step() {
            let c = b[i]
            i += 1
            if c == 0x0A { line += 1; column = 1 } else if c & 0xC0 != 0x80 { column += 1 }
        }

        mutating func begin() { if start == nil { start = position } }

        mutating func finish(at end: Int) {
            if let st = start {
                var e = end
                while e > st.offset, [0x20, 0x09, 0x0D, 0x0A].contains(b[e - 1]) { e -= 1 }
                statements.append(ScriptStatement(text: String(decoding: b[st.offset..<e], as: UTF8.self), origin: st))
            }
            start = nil
            lastStart = 0; lastEnd = 0
            lastWasWord = false
            lastWasSymbol = false
            depth = 0
        }

        mutating func run(finishLast: Bool = true) {
            while i < b.count {
                let c = b[i]
                if quote != 0 {
                    if c == 0x5C, i + 1 < b.count { step(); step(); continue }
                    if c == quote { quote = 0; lastStart = -1; lastWasWord = false; lastWasSymbol = false }
                    step()
                    continue
                }
                switch c {
                case 0x20, 0x09, 0x0D:
                    lastWasWord = false; lastWasSymbol = false
                    step()
                case 0x0A:
                    let end = i
                    step()
                    lastWasWord = false; lastWasSymbol = false
                    if start == nil || depth > 0 || lastIsContinuation { continue }
                    if i < b.count, b[i] == 0x20 || b[i] == 0x09, !restOfLineIsBlank() { continue }
                    finish(at: end)
                case 0x23:
                    skipComment()
                case 0x2D where i + 1 < b.count && b[i + 1] == 0x2D:
                    skipComment()
                case 0x3B where depth == 0:
                    finish(at: i)
                    step()
                case 0x27, 0x22:
                    begin()
                    quote = c
                    step()
                default:
                    begin()
                    if c == 0x28 { depth += 1 }
                    if c == 0x29 { depth = max(0, depth - 1) }
                    if Lexer.isWordChar(c) {
                        if !lastWasWord { lastStart = i }
                        step()
                        while i < b.count, b[i] & 0xC0 == 0x80 { step() }
                        lastEnd = i
                        lastWasWord = true
                        lastWasSymbol = false
                    } else {
                        // Two-character operators (`!=`, `<=`, `..`) stay one token.
                        let pair =
                            lastWasSymbol && lastEnd - lastStart == 1
                            && [0x3D, 0x2E].contains(c) && [0x21, 0x3C, 0x3E, 0x2E].contains(b[lastStart])
                            || (lastWasSymbol && lastEnd - lastStart == 1 && b[lastStart] == 0x3C && c == 0x3E)
                        if !pair { lastStart = i }
                        step()
                        lastEnd = i
                        lastWasSymbol = true
                        lastWasWord = false
                    }
                }
            }
            if finishLast, start != nil { finish(at: b.count) }
        }

        mutating func skipComment() {
            while i < b.count, b[i] != 0x0A { step() }
        }

        /// True when the line starting at `i` holds only white space.
        func restOfLineIsBlank() -> Bool {
            var k = i
            while k < b.count, b[k] != 0x0A {
                if b[k] != 0x20 && b[k] != 0x09 && b[k] != 0x0D { return false }
                k += 1
            }
            return true
        }
    }
}
