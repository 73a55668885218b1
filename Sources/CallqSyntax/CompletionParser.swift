// Completion by context: finds what may stand at the end of an unfinished statement. It
// lexes the text before the cursor (minus the word being typed) with the real `Lexer`, then
// walks the tokens with a small recursive descent that mirrors `Parser` rule for rule; every
// optional word it checks for at the end of the tokens is noted, and a missing mandatory
// element there stops the walk with what was noted: the parser's expectations at the cursor.

/// Finds the completion context at the end of a text (the statement text before the cursor).
public struct CompletionParser {
    var tokens: [Token]
    var index = 0
    /// What may stand at the end of the tokens, noted while walking.
    var slots: [CompletionSlot] = []
    let bytes: [UInt8]
    /// The field list names resolve against (set by the query's source).
    var scope: CompletionScope = .orders
    /// The output columns of the query so far (nil: none named — no `select`, or `select *`).
    var outputColumns: [String]?
    /// Whether the query groups (`count` or `stats`).
    var groups = false
    var depth = 0

    /// Why the walk stopped.
    enum Stop: Error {
        /// The end of the tokens (the cursor) was reached; `slots` says what may stand there.
        case reached
        /// A token that cannot stand there: nothing is offered.
        case invalid
        /// A `(` taken for a group turned out to hold an arithmetic operand (`(duration / 60) > 1`).
        case notPredicate
    }

    static let maxDepth = 64

    init(tokens: [Token], bytes: [UInt8]) {
        self.tokens = tokens
        self.bytes = bytes
    }

    /// What may be completed at the end of `text` (everything before the cursor).
    public static func analyze(_ text: String) -> CompletionPoint {
        let bytes = Array(text.utf8)
        var start = bytes.count
        while start > 0 {
            if Lexer.isWordChar(bytes[start - 1]) {
                start -= 1
            } else if bytes[start - 1] == 0x2D, start >= 2, start < bytes.count,
                      Lexer.isLetter(bytes[start - 2]), Lexer.isLetter(bytes[start]) {
                start -= 1   // `ring-mi`: a `-` between letters belongs to the word, as the lexer reads it
            } else {
                break
            }
        }
        var point = CompletionPoint(typed: String(decoding: bytes[start...], as: UTF8.self), typedStart: start, slots: [])
        var lexer = Lexer(String(decoding: bytes[..<start], as: UTF8.self))
        var tokens: [Token] = []
        do {
            while true {
                let token = try lexer.next()
                if case .end = token.kind {
                    tokens.append(token)
                    break
                }
                tokens.append(token)
            }
            if endsInComment(bytes[..<start], after: tokens.dropLast().last?.range.end.offset ?? 0) { return point }
            if let first = point.typed.utf8.first, Lexer.isDigit(first) { return point }   // a number or duration
        } catch {
            // A string still open at the cursor: complete inside it, from just after its quote.
            guard error.kind == .unclosedString else { return point }
            let quote = error.range.start.offset
            point.quote = Character(UnicodeScalar(bytes[quote]))
            point.typedStart = quote + 1
            point.typed = String(decoding: bytes[(quote + 1)...], as: UTF8.self)
            let position = error.range.start
            tokens.append(Token(.end, SourceRange(at: position)))
        }
        // Only the last statement of the text counts.
        if let semicolon = tokens.lastIndex(where: { $0.isSymbol(";") }) {
            tokens.removeFirst(semicolon + 1)
        }
        var parser = CompletionParser(tokens: tokens, bytes: bytes)
        do {
            try parser.statement()
        } catch .reached {
            point.slots = parser.slots
        } catch {
            point.slots = []
        }
        if point.quote != nil {
            // Inside a string only task ids and paths are completed (not like patterns or times).
            point.slots = point.slots.filter { $0 == .taskIDs || $0 == .paths }
        }
        return point
    }

    /// Whether the trivia after the last token ends in a `--` or `#` comment.
    static func endsInComment(_ bytes: ArraySlice<UInt8>, after offset: Int) -> Bool {
        var i = max(offset, bytes.startIndex)
        var inComment = false
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x0A { inComment = false }
            else if !inComment, b == 0x23 || (b == 0x2D && i + 1 < bytes.endIndex && bytes[i + 1] == 0x2D) { inComment = true }
            i += 1
        }
        return inComment
    }

    // MARK: - Token helpers

    var current: Token { tokens[index] }
    var atEnd: Bool { if case .end = current.kind { return true } else { return false } }
    /// How a missing mandatory element stops the walk: at the cursor, or on a wrong token.
    var stop: Stop { atEnd ? .reached : .invalid }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    /// Notes that `slot` may stand at the cursor (only when the walk is there).
    mutating func offer(_ slot: CompletionSlot) {
        if atEnd, !slots.contains(slot) { slots.append(slot) }
    }

    /// Takes the word `w` if it comes next; at the cursor, notes it as possible.
    mutating func accept(_ w: String) -> Bool {
        if atEnd {
            offer(.word(w))
            return false
        }
        guard current.isWord(w) else { return false }
        advance()
        return true
    }

    /// Takes the word `w` without offering it (a synonym such as `tasks` for `task`).
    mutating func acceptQuietly(_ w: String) -> Bool {
        guard current.isWord(w) else { return false }
        advance()
        return true
    }

    mutating func accept(symbol s: String) -> Bool {
        guard current.isSymbol(s) else { return false }
        advance()
        return true
    }

    mutating func expect(_ w: String) throws(Stop) {
        if !accept(w) { throw stop }
    }

    mutating func expect(symbol s: String) throws(Stop) {
        if !accept(symbol: s) { throw stop }
    }

    /// The next token, when it is a word.
    var word: String? { current.word }

    /// The source text of tokens `from..<to`, white space runs shown as one space.
    func text(from: Int, to: Int) -> String {
        guard from < to else { return "" }
        let a = tokens[from].range.start.offset, b = tokens[to - 1].range.end.offset
        var out: [UInt8] = []
        for byte in bytes[a..<b] {
            let space = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if space {
                if out.last != 0x20 { out.append(0x20) }
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A required integer (`limit N`); nothing is offered for it.
    mutating func integer() throws(Stop) {
        guard case .integer = current.kind else { throw stop }
        advance()
    }

    /// stringList := STRING (`,` STRING)*, offering `slot` where a string goes.
    mutating func stringList(_ slot: CompletionSlot) throws(Stop) {
        repeat {
            if atEnd {
                offer(slot)
                throw .reached
            }
            guard case .string = current.kind else { throw .invalid }
            advance()
        } while accept(symbol: ",")
    }

    /// The end of the statement: an optional `;`, then the end of the tokens.
    mutating func finish() throws(Stop) {
        _ = accept(symbol: ";")
        throw stop
    }

    mutating func enter() throws(Stop) {
        depth += 1
        if depth > CompletionParser.maxDepth { throw .invalid }
    }
}
