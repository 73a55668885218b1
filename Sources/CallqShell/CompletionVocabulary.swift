// The words tab completion offers, supplied by the host: dot-commands and their arguments,
// and for statements either completion by context (the host's language decides what may
// stand at the cursor) or flat lists of keywords, fields, enum names and task ids seen.
// CallqShell knows nothing of the language; the host fills and updates this value.

/// The words the completer may offer, by kind.
public struct CompletionVocabulary: Sendable {
    /// Language keywords (`orders`, `where`, `select` …); inserted in the case the user types.
    public var keywords: [String]
    /// Field names and aliases (`callStatus`, `status` …); inserted as spelled here.
    public var fields: [String]
    /// Enum value names (`busy`, `in_call` …); inserted as spelled here.
    public var enumNames: [String]
    /// Dot-commands with their dot (`.help`, `.watch` …), completed at the start of a line.
    public var dotCommands: [String]
    /// Words offered after a dot-command, keyed by the command (`.format` → `table`, `json` …).
    public var dotCommandArguments: [String: [String]]
    /// Task ids seen in this session, completed inside a quoted string (`use task 'ta⇥`).
    public var taskIDs: [String]
    /// Completion by context for statements; when set, the flat lists above are not used
    /// for statements (only `dotCommands` and `dotCommandArguments` still are).
    public var context: ContextCompleter?

    public init(
        keywords: [String] = [], fields: [String] = [], enumNames: [String] = [],
        dotCommands: [String] = [], dotCommandArguments: [String: [String]] = [:],
        taskIDs: [String] = [], context: ContextCompleter? = nil
    ) {
        self.context = context
        self.keywords = keywords
        self.fields = fields
        self.enumNames = enumNames
        self.dotCommands = dotCommands
        self.dotCommandArguments = dotCommandArguments
        self.taskIDs = taskIDs
    }

    /// The dot-commands the REPL itself implements (`.quit .exit .history .watch`).
    public static let builtInDotCommands = [".exit", ".history", ".quit", ".watch"]
}
