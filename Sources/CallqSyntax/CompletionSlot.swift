// What may stand at the cursor of an unfinished statement, as `CompletionParser` finds it:
// fixed words and symbols, and kinds of names (fields, functions, the enum values of one
// field, output columns …) that the catalog side (CallqKit) turns into words.

/// Which field list a query's names resolve against.
public enum CompletionScope: Sendable, Hashable {
    /// `orders …`: the order fields.
    case orders
    /// `tasks …`: the task fields.
    case tasks
    /// `calls …`: the order fields and the attempt's (`attempt`, `attempts`).
    case calls
}

/// The left side of a comparison, as far as completion needs it (to pick operators and values).
public indirect enum CompletionOperand: Sendable, Hashable {
    /// A field name or alias as written (`status`, `callDuration`).
    case field(String)
    /// `param.NAME`: a text value.
    case parameter
    /// A function call (`hour(started)`), with the lower-cased name and its arguments.
    case function(String, [CompletionOperand])
    /// An output column named in `having` (`count`, an alias, `avg(duration)`).
    case column(String)
    /// Anything else: arithmetic, a literal, a parenthesised expression.
    case other
}

/// One kind of thing that may stand at the cursor.
public enum CompletionSlot: Sendable, Hashable {
    /// A keyword, spelled as here (`where`, `by`, `asc`).
    case word(String)
    /// An operator or punctuation symbol (`=`, `<=`); offered only where an operator goes.
    case symbol(String)
    /// A field name of the statement's source.
    case fields(CompletionScope)
    /// A scalar function (`hour`, `lower` …, SPEC §9.1).
    case functions
    /// An aggregate of `stats` (`count`, `avg`, `countif` …).
    case aggregates
    /// The operators that suit this left side (`=`, `in`, `like` for text, `between` for ordered values …).
    case operators(CompletionOperand, CompletionScope)
    /// The word operators allowed after `F not`: `in`, and `like` for text.
    case negatedOperators(CompletionOperand, CompletionScope)
    /// A value compared with this left side: its enum's names, `true`/`false`, `now`/`today`.
    case values(CompletionOperand, CompletionScope)
    /// An output format name.
    case formats
    /// Output columns of the statement, as written (`status`, `count`, `avg(duration)`, an alias).
    case columns([String])
    /// A setting name (`set ⇥`).
    case settings
    /// A value of the named setting (`set format = ⇥`).
    case settingValues(String)
    /// A topic of `help`.
    case helpTopics
    /// A task id in quotes (`in task '⇥`, `use task ⇥`).
    case taskIDs
    /// A file path in quotes (`from file '⇥`, `into ⇥`).
    case paths
}

/// What completion may insert at the end of a text (the text before the cursor).
public struct CompletionPoint: Sendable, Equatable {
    /// The part being completed: the word before the cursor, or the content of an open quote.
    public var typed: String
    /// Where `typed` starts, as a UTF-8 offset into the text.
    public var typedStart: Int
    /// The open quote (`'` or `"`) when the cursor is inside a string.
    public var quote: Character?
    /// What may stand there, in the order found, without repeats; empty when nothing may be
    /// completed (inside a comment, a number, an unrelated string, or after a syntax error).
    public var slots: [CompletionSlot]

    public init(typed: String, typedStart: Int, quote: Character? = nil, slots: [CompletionSlot]) {
        self.typed = typed
        self.typedStart = typedStart
        self.quote = quote
        self.slots = slots
    }
}
