// The Lexer turns callq text into tokens over its UTF-8 bytes: words,
// integers, durations (`90s`, `1h30m`), quoted strings with escapes,
// `$variables` and symbols; it skips white space, `--`/`#` comments and `\` line joins.

/// Splits callq text into tokens; errors are Diagnostics with the exact range.
public struct Lexer {
    let bytes: [UInt8]
    var i = 0
    var line: Int
    var column: Int
    let base: Int

    /// A lexer over `text` whose first character is at `origin`.
    public init(_ text: String, origin: SourcePosition = SourcePosition()) {
        bytes = Array(text.utf8)
        line = origin.line
        column = origin.column
        base = origin.offset
    }

    /// All tokens of `text`, ending with `.end`.
    public static func tokenize(_ text: String, origin: SourcePosition = SourcePosition()) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(text, origin: origin)
        var out: [Token] = []
        while true {
            let t = try lexer.next()
            out.append(t)
            if case .end = t.kind { return out }
        }
    }

    var position: SourcePosition { SourcePosition(offset: base + i, line: line, column: column) }

    func peek(_ k: Int = 0) -> UInt8 { i + k < bytes.count ? bytes[i + k] : 0 }

    /// Moves past one byte; the column counts characters (lead bytes), not bytes.
    mutating func advance() {
        let b = bytes[i]
        i += 1
        if b == 0x0A {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    static func isWordStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
    }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLetter(_ b: UInt8) -> Bool { isWordStart(b) && b != 0x5F }
    static func isWordChar(_ b: UInt8) -> Bool { isWordStart(b) || isDigit(b) }

    /// Skips white space, comments and `\`-newline joins.
    mutating func skipTrivia() {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                advance()
            } else if b == 0x23 || (b == 0x2D && peek(1) == 0x2D) {
                while i < bytes.count, bytes[i] != 0x0A { advance() }
            } else if b == 0x5C {
                var k = i + 1
                while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0D { k += 1 }
                if k < bytes.count, bytes[k] != 0x0A { return }
                while i < k { advance() }
            } else {
                return
            }
        }
    }

    func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }

    /// The next token, or `.end` at the end of input.
    public mutating func next() throws(Diagnostic) -> Token {
        skipTrivia()
        let start = position
        guard i < bytes.count else { return Token(.end, SourceRange(at: start)) }
        let b = bytes[i]
        if Lexer.isWordStart(b) {
            let s = i
            while i < bytes.count {
                if Lexer.isWordChar(bytes[i]) {
                    advance()
                } else if bytes[i] == 0x2D, Lexer.isLetter(bytes[i - 1]), Lexer.isLetter(peek(1)) {
                    advance()  // `in-call`, `ring-missed`: a `-` between two letters belongs to the word
                } else {
                    break
                }
            }
            return Token(.word(text(s, i)), SourceRange(start, position))
        }
        if Lexer.isDigit(b) { return try number(start) }
        if b == 0x27 || b == 0x22 { return try string(start, quote: b) }
        if b == 0x24 {
            advance()
            let s = i
            while i < bytes.count, Lexer.isWordChar(bytes[i]) { advance() }
            if s == i {
                throw Diagnostic(
                    .invalidCharacter, "`$` must be followed by a variable name",
                    at: SourceRange(start, position), hint: "write `$name`, defined by `let name = …`")
            }
            return Token(.variable(text(s, i)), SourceRange(start, position))
        }
        return try symbol(start)
    }

    mutating func symbol(_ start: SourcePosition) throws(Diagnostic) -> Token {
        let b = bytes[i], n = peek(1)
        let two: String? =
            switch (b, n) {
            case (0x21, 0x3D): "!="
            case (0x3C, 0x3E): "!="
            case (0x3C, 0x3D): "<="
            case (0x3E, 0x3D): ">="
            case (0x2E, 0x2E): ".."
            case (0x3D, 0x3D): "="
            default: nil
            }
        if let two {
            advance(); advance()
            return Token(.symbol(two), SourceRange(start, position))
        }
        if let c = "=<>~(),;.-+*/".utf8.first(where: { $0 == b }) {
            advance()
            return Token(.symbol(String(UnicodeScalar(c))), SourceRange(start, position))
        }
        let s = i
        advance()
        while i < bytes.count, bytes[i] & 0xC0 == 0x80 { advance() }
        let ch = text(s, i)
        throw Diagnostic(
            .invalidCharacter, "unexpected character `\(ch)`", at: SourceRange(start, position),
            hint: ch == "!"
                ? "write `!=` or `not`"
                : (ch == "&" || ch == "|")
                    ? "write `and` / `or`"
                    : ch == "\\" && i < bytes.count && (bytes[i] | 0x20) == UInt8(ascii: "q") ? Parser.leavingHint : nil)
    }

    mutating func number(_ start: SourcePosition) throws(Diagnostic) -> Token {
        let s = i
        var total = 0
        var isDuration = false
        var overflow = false
        while true {
            var value = 0
            while i < bytes.count, Lexer.isDigit(bytes[i]) {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - 0x30))
                overflow = overflow || o1 || o2
                value = a
                advance()
            }
            // `500ms`: milliseconds are a decimal number of seconds (`set timeout = 500ms`).
            if !isDuration, !overflow, peek() | 0x20 == 0x6D, peek(1) | 0x20 == 0x73, !Lexer.isWordStart(peek(2)) {
                advance(); advance()
                return Token(.decimal(Double(value) / 1000, text: text(s, i)), SourceRange(start, position))
            }
            let unit: Int? =
                switch peek() {
                case 0x73, 0x53: 1
                case 0x6D, 0x4D: 60
                case 0x68, 0x48: 3600
                case 0x64, 0x44: 86400
                default: nil
                }
            if let unit, !Lexer.isWordStart(peek(1)) {
                advance()
                let (m, o1) = value.multipliedReportingOverflow(by: unit)
                let (a, o2) = total.addingReportingOverflow(m)
                overflow = overflow || o1 || o2
                total = a
                isDuration = true
                if Lexer.isDigit(peek()) { continue }
                break
            }
            if isDuration {
                while i < bytes.count, Lexer.isWordChar(bytes[i]) { advance() }
                throw Diagnostic(
                    .invalidNumber, "`\(text(s, i))` is not a valid duration",
                    at: SourceRange(start, position), hint: "durations are like 90s, 5m, 2h, 1d or 1h30m")
            }
            total = value
            break
        }
        if !isDuration, !overflow, peek() == 0x2E, Lexer.isDigit(peek(1)) {
            advance()
            while i < bytes.count, Lexer.isDigit(bytes[i]) { advance() }
            if i < bytes.count, Lexer.isWordStart(bytes[i]) || bytes[i] == 0x2E {
                while i < bytes.count, Lexer.isWordChar(bytes[i]) || bytes[i] == 0x2E { advance() }
                throw Diagnostic(
                    .invalidNumber, "`\(text(s, i))` is not a number", at: SourceRange(start, position),
                    hint: "decimals are like 1.5 or 0.25; durations are whole: 90s, not 1.5m")
            }
            let t = text(s, i)
            guard let d = Double(t), d.isFinite else {
                throw Diagnostic(.invalidNumber, "number `\(t)` is too large", at: SourceRange(start, position))
            }
            return Token(.decimal(d, text: t), SourceRange(start, position))
        }
        if i < bytes.count, Lexer.isWordStart(bytes[i]) || (bytes[i] == 0x2E && Lexer.isDigit(peek(1))) {
            while i < bytes.count, Lexer.isWordChar(bytes[i]) || (bytes[i] == 0x2E && Lexer.isDigit(peek(1))) { advance() }
            throw Diagnostic(
                .invalidNumber, "`\(text(s, i))` is not a number", at: SourceRange(start, position),
                hint: "numbers are whole (42), durations take ms, s, m, h or d (90s); quote text: '\(text(s, i))'")
        }
        if overflow {
            throw Diagnostic(.invalidNumber, "number `\(text(s, i))` is too large", at: SourceRange(start, position))
        }
        if isDuration { return Token(.duration(seconds: total, text: text(s, i)), SourceRange(start, position)) }
        return Token(.integer(total), SourceRange(start, position))
    }

    mutating func string(_ start: SourcePosition, quote: UInt8) throws(Diagnostic) -> Token {
        advance()
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else {
                throw Diagnostic(
                    .unclosedString, "unclosed string", at: SourceRange(start, position),
                    hint: "add the closing \(quote == 0x27 ? "'" : "\"")")
            }
            let b = bytes[i]
            if b == quote { advance(); break }
            if b == 0x5C {
                let escStart = position
                advance()
                guard i < bytes.count else { continue }
                let e = bytes[i]
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x30: out.append(0x00)
                case 0x5C, 0x27, 0x22: out.append(e)
                // Kept as written so `like` can tell a literal % or _ from a wildcard.
                case 0x25, 0x5F: out.append(0x5C); out.append(e)
                default:
                    advance()
                    throw Diagnostic(
                        .invalidEscape, "unknown escape `\\\(String(UnicodeScalar(e)))` in a string",
                        at: SourceRange(escStart, position),
                        hint: "escapes are \\n \\t \\r \\\\ \\' \\\" (and \\% \\_ in like patterns)")
                }
                advance()
                continue
            }
            out.append(b)
            advance()
        }
        return Token(.string(String(decoding: out, as: UTF8.self)), SourceRange(start, position))
    }
}
