// The recursive-descent Parser: one method per grammar rule, in the order of
// docs/LANGUAGE.md. Keywords are contextual words; errors are Diagnostics
// pointing at the offending token, with a did-you-mean hint where one helps.

/// Parses one callq statement into a `Statement`.
public struct Parser {
    var tokens: [Token]
    var index = 0
    var depth = 0
    var operators = 0
    /// Completion mode: what the parser expected at the end of the input (nil: not recording).
    var expected: [Expectation]?
    /// Completion mode: what a name at the end would be read as.
    var names: ExpectedNames = .fields
    /// Completion mode: the field list of the query being read.
    var scope: ExpectedScope = .orders
    /// The deepest nesting of parentheses and `not` accepted.
    public static let maxDepth = 32
    /// The most `and`/`or`/`+`/`-` operators one statement may chain (trees stay shallow enough to walk recursively).
    public static let maxOperators = 128

    /// A parser over already lexed tokens (ending with `.end`).
    public init(tokens: [Token]) { self.tokens = tokens }

    /// Parses one statement (an optional trailing `;` is allowed).
    public static func parse(_ text: String, origin: SourcePosition = SourcePosition()) throws(Diagnostic) -> Statement {
        var p = Parser(tokens: try Lexer.tokenize(text, origin: origin))
        return try p.parseStatementToEnd()
    }

    /// Parses a lone where-expression (`status = busy and duration > 30`).
    public static func parseExpression(_ text: String) throws(Diagnostic) -> Expr {
        var p = Parser(tokens: try Lexer.tokenize(text))
        let e = try p.expression()
        try p.expectEnd()
        return e
    }

    /// Parses a lone value (`30`, `'x'`, `now - 2h`), as `-D NAME=VALUE` needs.
    public static func parseValue(_ text: String) throws(Diagnostic) -> Value {
        var p = Parser(tokens: try Lexer.tokenize(text))
        let v = try p.value(after: nil)
        try p.expectEnd()
        return v
    }

    // MARK: - Token helpers

    var current: Token { tokens[index] }
    var previous: Token { tokens[max(0, index - 1)] }
    var atEnd: Bool { if case .end = current.kind { return true } else { return false } }

    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    /// Takes the word `w` if it comes next; at the end, in completion mode, notes it as expected.
    mutating func accept(word w: String) -> Token? {
        if current.isWord(w) { return advance() }
        if expected != nil { note(.word(w)) }
        return nil
    }

    mutating func accept(symbol s: String) -> Token? {
        current.isSymbol(s) ? advance() : nil
    }

    mutating func expect(word w: String, context: String) throws(Diagnostic) -> Token {
        if let t = accept(word: w) { return t }
        throw unexpected("expected `\(w)` \(context)", suggest: [w])
    }

    mutating func expect(symbol s: String, context: String) throws(Diagnostic) -> Token {
        if let t = accept(symbol: s) { return t }
        if s == "(" { note(.symbol(s)) }
        throw unexpected("expected `\(s)` \(context)")
    }

    mutating func expectEnd() throws(Diagnostic) {
        _ = accept(symbol: ";")
        if !atEnd {
            if let habit = trailingHabit() { throw habit }
            throw unexpected(
                "unexpected \(current.display) after the end of the statement",
                suggest: LanguageCatalog.clauseWords)
        }
    }

    /// A diagnostic at the current token, with a did-you-mean over `suggest` when it is a word.
    func unexpected(_ message: String, suggest: [String] = []) -> Diagnostic {
        var hint: String?
        if let w = current.word, let s = EditDistance.suggest(w, among: suggest), s != w {
            hint = "did you mean `\(s)`?"
        }
        if case .end = current.kind, hint == nil { hint = "the statement ends too early" }
        return Diagnostic(atEnd ? .missingValue : .unexpectedToken, message, at: current.range, hint: hint)
    }

    func range(from start: SourceRange) -> SourceRange { start.union(previous.range) }
}
