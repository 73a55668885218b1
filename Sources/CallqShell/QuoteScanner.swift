// Finds whether the text before the cursor ends inside an open quote or a comment, so
// completion knows its context. Mirrors the language's lexing of strings ('…' or "…"
// with backslash escapes) and comments (`--` or `#` to the end of the line).

/// Quote and comment state at the end of a piece of text.
struct QuoteScanner {
    struct OpenQuote {
        var character: Character
        var quoteIndex: Substring.Index
        var contentStart: Substring.Index
    }

    var openQuote: OpenQuote?
    var inComment = false

    /// The state after reading `text` from its start (the last line only matters).
    static func scan(_ text: Substring) -> QuoteScanner {
        var state = QuoteScanner()
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if state.inComment {
                if character == "\n" { state.inComment = false }
            } else if let quote = state.openQuote {
                if character == "\\" && next < text.endIndex {
                    index = text.index(after: next)
                    continue
                }
                if character == quote.character { state.openQuote = nil }
            } else if character == "'" || character == "\"" {
                state.openQuote = OpenQuote(character: character, quoteIndex: index, contentStart: next)
            } else if character == "#" || (character == "-" && next < text.endIndex && text[next] == "-") {
                state.inComment = true
            }
            index = next
        }
        return state
    }
}
