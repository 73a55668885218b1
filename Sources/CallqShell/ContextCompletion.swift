// What the host's language says may stand before the cursor, for completion by context:
// the words (already chosen for the place, matching what was typed) or file paths. The
// completer turns it into candidates; CallqShell itself still knows nothing of the language.

/// One word the language allows before the cursor.
public struct ContextWord: Sendable, Hashable {
    public var text: String
    /// Keywords follow the typed case (`SEL⇥` → `SELECT`); names are inserted as spelled.
    public var isKeyword: Bool
    /// Appended when it is the only candidate (a space, `(`, a closing quote …).
    public var suffix: String

    public init(_ text: String, isKeyword: Bool = false, suffix: String = " ") {
        self.text = text
        self.isKeyword = isKeyword
        self.suffix = suffix
    }
}

/// The host's answer for the text before the cursor.
public struct ContextCompletion: Sendable, Equatable {
    /// What the candidates replace: the end of the text before the cursor (a word, or the
    /// content of an open quote).
    public var typed: String
    /// The open quote when the cursor is inside a string.
    public var quote: Character?
    /// The words that may stand there and start with `typed`.
    public var words: [ContextWord]
    /// Whether a file path may stand there (in quotes).
    public var paths: Bool

    public init(typed: String, quote: Character? = nil, words: [ContextWord] = [], paths: Bool = false) {
        self.typed = typed
        self.quote = quote
        self.words = words
        self.paths = paths
    }
}

/// Answers completion by context: given the statement text up to the cursor (earlier lines
/// of an unfinished statement included), what may stand there.
public typealias ContextCompleter = @Sendable (String) -> ContextCompletion
