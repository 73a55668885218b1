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

    /// The statements of `text` (a script, or a REPL line holding several) in order, each
    /// with where it starts, for messages that point into the whole text; a text of only
    /// comments and blanks has none.
    public static func statements(in text: String, fileName: String) -> [(text: String, origin: StatementOrigin)] {
        ScriptSplitter.split(text).map { ($0.text, StatementOrigin(fileName: fileName, source: text, position: $0.origin)) }
    }

    /// A warning for each `-D NAME` that no statement of `texts` uses (a typo such as
    /// `-D sincee=…` would otherwise be ignored in silence), with a did-you-mean.
    public static func unusedDefinitionWarnings(_ names: [String], in texts: [String]) -> [String] {
        var used: Set<String> = []
        for text in texts {
            if let tokens = try? Lexer.tokenize(text) {
                for t in tokens { if case .variable(let v) = t.kind { used.insert(v) } }
            } else {
                for name in names where text.contains("$" + name) { used.insert(name) }
            }
        }
        return names.filter { !used.contains($0) }.map { name in
            let near = EditDistance.suggest(name, among: used.sorted()).map { " (did you mean `\($0)`?)" } ?? ""
            return "callq: warning: -D \(name) is not used: no statement says `$\(name)`\(near)"
        }
    }

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
