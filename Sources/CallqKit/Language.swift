// What a host of the language needs to know of it without reaching into the
// syntax and semantics modules: whether a text is a complete statement, the
// words of the language (keywords, fields, enum names, formats, settings), and
// completion by context.
import CallqResult
import CallqSemantics
import CallqSyntax

/// Facts about the callq language for hosts (the REPL, editors, embedding programs).
public enum CallqLanguage {
    /// True when `text` ends a statement (no open bracket or quote, no trailing `and`, …).
    public static func isComplete(_ text: String) -> Bool { ScriptSplitter.isComplete(text) }

    /// The language's keywords.
    public static var keywords: [String] { LanguageCatalog.keywords }
    /// The field names only `calls` has (`attempt`, `attempts`).
    public static var callOnlyFields: [String] {
        let orders = Set(Catalog.orders.allNames)
        return Catalog.calls.allNames.filter { !orders.contains($0) }
    }
    /// The output formats, in the order `help formats` lists them.
    public static var formats: [String] { OutputFormat.allCases.map(\.rawValue) }
    /// Every setting name and alias.
    public static var settingNames: [String] { SettingSpec.allNames }

    /// Completion by context: the words (or file paths) that may stand at the end of `text`,
    /// the statement up to the cursor; `taskIDs` are the task ids seen in the session.
    public static func completions(before text: String, taskIDs: [String] = []) -> LanguageCompletion {
        Completions.complete(before: text, taskIDs: taskIDs, helpTopics: HelpText.topics)
    }
}
