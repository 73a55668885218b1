// Tokens produced by the Lexer. Keywords are not separate kinds: callq's
// keywords are contextual (a field may be called `order` or `status`), so a
// word stays a word and the parser asks `isWord("where")`.

/// The kind and payload of one token.
public enum TokenKind: Sendable, Hashable {
    /// A name or keyword, as written (`orders`, `Status`, `in_call`).
    case word(String)
    /// An integer literal (`42`).
    case integer(Int)
    /// A decimal literal (`1.5`, `0.25`); `text` is as written.
    case decimal(Double, text: String)
    /// A duration literal in seconds (`90s`, `5m`, `1h30m`); `text` is as written.
    case duration(seconds: Int, text: String)
    /// A quoted string with escapes resolved (`'it\'s'`).
    case string(String)
    /// A variable reference (`$since`); the name without `$`.
    case variable(String)
    /// Punctuation or an operator: `= != <> < <= > >= ~ ( ) , ; . .. - + * /`.
    case symbol(String)
    /// End of input.
    case end
}

/// One token with its source range.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var range: SourceRange

    public init(_ kind: TokenKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// True when this is the word `w`, compared case-insensitively.
    public func isWord(_ w: String) -> Bool {
        guard case .word(let s) = kind else { return false }
        // ASCII case folding without allocating: keywords are ASCII.
        var a = s.utf8.makeIterator(), b = w.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if (x >= 0x41 && x <= 0x5A ? x + 0x20 : x) != y { return false }
            default: return false
            }
        }
    }

    /// True when this is the symbol `s`.
    public func isSymbol(_ s: String) -> Bool {
        if case .symbol(let t) = kind { return t == s }
        return false
    }

    /// The word, lowercased, when this is a word.
    public var word: String? {
        if case .word(let s) = kind { return s.lowercased() }
        return nil
    }

    /// How the token reads in a message: `where`, `'text'`, `42`, end of input.
    public var display: String {
        switch kind {
        case .word(let s): return "`\(s)`"
        case .integer(let i): return "`\(i)`"
        case .decimal(_, let t): return "`\(t)`"
        case .duration(_, let t): return "`\(t)`"
        case .string(let s): return "'\(s)'"
        case .variable(let v): return "`$\(v)`"
        case .symbol(let s): return "`\(s)`"
        case .end: return "end of input"
        }
    }
}
