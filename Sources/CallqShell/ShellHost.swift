// What the REPL needs from the program embedding it: prompts, the statement-completeness
// check, running statements and dot-commands, the completion vocabulary and the history
// filter. CallqShell knows nothing of the query language; the host supplies all of it.

/// The language side of the shell, called by `REPL` on the main actor.
@MainActor
public protocol ShellHost: AnyObject, Sendable {
    /// The main prompt, e.g. `callq> ` or `callq(task-1)> `; read before each statement.
    /// Wrap colour sequences in `\u{1}` pairs (see `LineEditor.readLine(prompt:)`).
    var prompt: String { get }
    /// The prompt for the following lines of an unfinished statement (default `  ...> `,
    /// right-aligned under `prompt`).
    var continuationPrompt: String { get }
    /// The words tab completion offers; read before each line is edited.
    var vocabulary: CompletionVocabulary { get }
    /// Whether `text` (the lines entered so far, joined by `\n`) is a whole statement.
    func isComplete(_ text: String) -> Bool
    /// Runs one statement and prints its result or error; returns whether it succeeded.
    ///
    /// Runs in a task that Ctrl-C cancels: stop promptly (cancel requests in flight) when
    /// `Task.isCancelled`; the REPL then prints `^C cancelled`.
    func execute(_ statement: String) async -> Bool
    /// Runs a dot-command other than `.quit .exit .history .watch`, which the REPL handles.
    ///
    /// `name` is lower-cased with its dot (`.format`); `arguments` is the rest of the line,
    /// trimmed. Runs in a cancellable task like `execute`.
    func dotCommand(_ name: String, _ arguments: String) async -> DotResult
    /// Whether `text` may be stored in history (false e.g. for `set secret_key = …`).
    func shouldRecordInHistory(_ text: String) -> Bool
    /// Ctrl-C was pressed while a statement ran (its task is being cancelled).
    ///
    /// A host that draws on the terminal (a progress line) erases it here and
    /// may clear the current line, which then holds only the `^C` the terminal
    /// echoed; it returns true when it did, so the REPL writes `^C` itself.
    func interrupted() -> Bool
    /// The statement `.watch SECONDS QUERY` stands for, when the language has one (callq's
    /// `watch every …`), run with `execute`; nil: the REPL re-runs QUERY itself.
    func watchStatement(seconds: Double, query: String) -> String?
}

extension ShellHost {
    public var continuationPrompt: String {
        String(repeating: " ", count: max(0, prompt.count - 5)) + "...> "
    }

    public func shouldRecordInHistory(_ text: String) -> Bool { true }

    public func interrupted() -> Bool { false }

    public func watchStatement(seconds: Double, query: String) -> String? { nil }
}

/// How a dot-command went, as the host reports it.
public enum DotResult: Sendable, Equatable {
    /// Handled; the host printed whatever it had to say (errors included).
    case done
    /// Not a command the host knows; the REPL prints `unknown command`.
    case unknown
    /// End the REPL with this exit status.
    case exit(Int32)
}
