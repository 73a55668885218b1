// Completion mode of the one Parser: when `expected` is set, every word the parser checks
// for at the end of the input, and every kind of name or value it would read there, is
// noted as an `Expectation`; `Parser.expectations(before:)` runs it over the text before a
// cursor. Completion (CallqSemantics) turns the expectations into words from the catalog.

/// Which field list a query's names resolve against.
public enum ExpectedScope: Sendable, Hashable {
    /// `orders …`: the order fields.
    case orders
    /// `tasks …`: the task fields.
    case tasks
    /// `calls …`: the order fields and the attempt's (`attempt`, `attempts`).
    case calls
}

/// What a name at the end of the input would be read as.
enum ExpectedNames: Hashable {
    /// A field or a scalar function (`where`, `select`, `by`, function arguments).
    case fields
    /// An aggregate (`stats` items).
    case aggregates
    /// An output column of this output (`having`, `order by` of a count/stats result).
    case columns(Output)
    /// An output column or any field (`order by` of rows with a select list).
    case columnsAndFields(Output)
}

/// One thing the parser would have accepted at the end of the input.
public enum Expectation: Sendable, Hashable {
    /// A keyword, spelled as here (`where`, `by`, `asc`).
    case word(String)
    /// A punctuation symbol (`(` after `in`).
    case symbol(String)
    /// A field name of the query's source.
    case fields(ExpectedScope)
    /// A scalar function (`hour`, `lower` …).
    case functions
    /// An aggregate of `stats`.
    case aggregates
    /// The operators that may follow this left side of a test.
    case operators(Term, ExpectedScope)
    /// The word operators allowed after `LEFT not`.
    case negatedOperators(Term, ExpectedScope)
    /// A value compared with this left side.
    case values(Term, ExpectedScope)
    /// An output column of this output.
    case columns(Output)
    /// An output format name.
    case formats
    /// A setting name (`set ⇥`).
    case settings
    /// A value of the named setting (`set format = ⇥`).
    case settingValues(String)
    /// The rest of a time zone name after these words and slashes (`set tz = Asia/⇥`).
    case zonePath(String)
    /// A topic of `help`.
    case helpTopics
    /// A task id in quotes.
    case taskIDs
    /// A file path in quotes.
    case paths
}

/// What may be inserted at the end of a text (the text before the cursor).
public struct CursorExpectations: Sendable, Equatable {
    /// The part being completed: the word before the cursor, or the content of an open quote.
    public var typed: String
    /// Where `typed` starts, as a UTF-8 offset into the text.
    public var typedStart: Int
    /// The open quote (`'` or `"`) when the cursor is inside a string.
    public var quote: Character?
    /// What the parser expected there, without repeats; empty when nothing may be completed
    /// (inside a comment, a number, an unrelated string, or after a syntax error).
    public var expected: [Expectation]
}

extension Parser {
    /// Notes that `e` may stand at the end of the input (in completion mode, at the end only).
    mutating func note(_ e: Expectation) {
        guard atEnd, expected != nil, !expected!.contains(e) else { return }
        expected!.append(e)
    }

    /// Takes the word `w` if it comes next, without noting it (a synonym such as `tasks` for `task`).
    mutating func acceptQuietly(word w: String) -> Token? {
        current.isWord(w) ? advance() : nil
    }

    /// Notes what a name at the end would be read as, per `names`.
    mutating func noteNames() {
        guard atEnd, expected != nil else { return }
        switch names {
        case .fields:
            note(.fields(scope))
            note(.functions)
        case .aggregates:
            note(.aggregates)
        case .columns(let output):
            note(.columns(output))
        case .columnsAndFields(let output):
            note(.columns(output))
            note(.fields(scope))
            note(.functions)
        }
    }

    /// Runs `body` with names at the end read as `n`.
    mutating func reading<T>(_ n: ExpectedNames, _ body: (inout Parser) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        let saved = names
        names = n
        defer { names = saved }
        return try body(&self)
    }

    /// What the parser expects at the end of `text` (everything before the cursor): the text
    /// minus the word being typed is parsed in completion mode.
    public static func expectations(before text: String) -> CursorExpectations {
        let bytes = Array(text.utf8)
        var start = bytes.count
        while start > 0 {
            if Lexer.isWordChar(bytes[start - 1]) {
                start -= 1
            } else if bytes[start - 1] == 0x2D, start >= 2, start < bytes.count,
                Lexer.isLetter(bytes[start - 2]), Lexer.isLetter(bytes[start])
            {
                start -= 1  // `ring-mi`: a `-` between letters belongs to the word, as the lexer reads it
            } else {
                break
            }
        }
        var point = CursorExpectations(
            typed: String(decoding: bytes[start...], as: UTF8.self), typedStart: start,
            quote: nil, expected: [])
        var lexer = Lexer(String(decoding: bytes[..<start], as: UTF8.self))
        var tokens: [Token] = []
        do {
            while true {
                let token = try lexer.next()
                tokens.append(token)
                if case .end = token.kind { break }
            }
            if endsInComment(bytes[..<start], after: tokens.dropLast().last?.range.end.offset ?? 0) { return point }
            if let first = point.typed.utf8.first, Lexer.isDigit(first) { return point }  // a number or duration
        } catch {
            // A string still open at the cursor: complete inside it, from just after its quote.
            guard error.kind == .unclosedString else { return point }
            let quote = error.range.start.offset
            point.quote = Character(UnicodeScalar(bytes[quote]))
            point.typedStart = quote + 1
            point.typed = String(decoding: bytes[(quote + 1)...], as: UTF8.self)
            tokens.append(Token(.end, SourceRange(at: error.range.start)))
        }
        // Only the last statement of the text counts.
        if let semicolon = tokens.lastIndex(where: { $0.isSymbol(";") }) {
            tokens.removeFirst(semicolon + 1)
        }
        let end = tokens[tokens.count - 1].range.start.offset
        var parser = Parser(tokens: tokens)
        parser.expected = []
        do {
            _ = try parser.parseStatementToEnd()
            point.expected = parser.expected ?? []
        } catch {
            // A mistake before the cursor: nothing may be completed there.
            point.expected = error.range.start.offset >= end ? parser.expected ?? [] : []
        }
        if point.quote != nil {
            // Inside a string only task ids and paths are completed (not like patterns or times).
            point.expected = point.expected.filter { $0 == .taskIDs || $0 == .paths }
        }
        return point
    }

    /// Whether the trivia after the last token ends in a `--` or `#` comment.
    static func endsInComment(_ bytes: ArraySlice<UInt8>, after offset: Int) -> Bool {
        var i = max(offset, bytes.startIndex)
        var inComment = false
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == 0x0A {
                inComment = false
            } else if !inComment, b == 0x23 || (b == 0x2D && i + 1 < bytes.endIndex && bytes[i + 1] == 0x2D) {
                inComment = true
            }
            i += 1
        }
        return inComment
    }
}
