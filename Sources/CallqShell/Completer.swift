// Tab completion's word logic, free of libedit: given a line and a cursor, find the word
// being typed, decide what kind of word it is (dot-command, keyword/field/enum, task id in
// quotes, file path) and return the candidates. Matching ignores case, except for files.

/// Finds completions of the word before the cursor.
///
/// Case: words match case-insensitively. A keyword is inserted upper-case when every
/// letter typed so far is upper-case (`SEL⇥` → `SELECT`), else as the vocabulary spells
/// it; fields, enum names, task ids and dot-commands are always inserted as spelled in
/// the vocabulary (`STATU⇥` → `status`). File names match case-sensitively.
///
/// Contexts: a line starting with `.` completes dot-commands in its first word, file
/// paths after `.read` and `.output`, and `dotCommandArguments` after other commands;
/// inside a quote, paths after `into` / `from file` and task ids elsewhere; an unquoted
/// word after `-f` is a path; any other word is a keyword, field or enum name.
public struct Completer: Sendable {
    /// The words to offer.
    public var vocabulary: CompletionVocabulary
    /// Lists a directory for path completion (nil when it cannot be read).
    public var listDirectory: @Sendable (String) -> [DirectoryEntry]?
    /// What a leading `~/` in a path stands for.
    public var homeDirectory: String?

    public init(vocabulary: CompletionVocabulary,
                listDirectory: @escaping @Sendable (String) -> [DirectoryEntry]? = DirectoryEntry.list,
                homeDirectory: String? = DirectoryEntry.environmentHome()) {
        self.vocabulary = vocabulary
        self.listDirectory = listDirectory
        self.homeDirectory = homeDirectory
    }

    /// Completes the word that ends at the end of `line`.
    public func complete(_ line: String) -> Completion {
        complete(line: line, cursor: line.endIndex)
    }

    /// Completes the word that ends at `cursor` (the text after the cursor is ignored).
    public func complete(line: String, cursor: String.Index) -> Completion {
        let before = line[..<cursor]
        let leading = before.drop { $0 == " " || $0 == "\t" }
        if leading.hasPrefix(".") {
            return completeDotCommandLine(before, command: leading)
        }
        return completeStatement(before)
    }

    // MARK: - Dot-command lines

    private func completeDotCommandLine(_ before: Substring, command line: Substring) -> Completion {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            let names = vocabulary.dotCommands + CompletionVocabulary.builtInDotCommands
            return completion(before, from: line.startIndex,
                              candidates: words(names, matching: line, suffix: " "))
        }
        let name = line[..<space].lowercased()
        let argumentStart = line[space...].firstIndex { $0 != " " && $0 != "\t" } ?? line.endIndex
        let argument = line[argumentStart...]
        if name == ".read" || name == ".output" {
            if let quote = argument.first, quote == "'" || quote == "\"" {
                let start = argument.index(after: argument.startIndex)
                return completion(before, from: start,
                                  candidates: files(String(argument[start...]), suffix: String(quote)))
            }
            return completion(before, from: argumentStart, candidates: files(String(argument), suffix: " "))
        }
        if let choices = vocabulary.dotCommandArguments[name],
           !argument.contains(where: { $0 == " " || $0 == "\t" }) {
            return completion(before, from: argumentStart,
                              candidates: words(choices, matching: argument, suffix: " "))
        }
        return completeStatement(before)  // e.g. the query of `.watch 5 orders wh⇥`
    }

    // MARK: - Statements

    private func completeStatement(_ before: Substring) -> Completion {
        let scan = QuoteScanner.scan(before)
        if scan.inComment { return completion(before, from: before.endIndex, candidates: []) }
        if let quote = scan.openQuote {
            let typed = before[quote.contentStart...]
            let context = before[..<quote.quoteIndex].split(whereSeparator: \.isWhitespace)
                .suffix(2).map { $0.lowercased() }
            if context.last == "into" || context == ["from", "file"] {
                return completion(before, from: quote.contentStart,
                                  candidates: files(String(typed), suffix: String(quote.character)))
            }
            return completion(before, from: quote.contentStart,
                              candidates: words(vocabulary.taskIDs, matching: typed,
                                                suffix: String(quote.character)))
        }
        let wordStart = before.lastIndex { !Completer.isWordCharacter($0) }
            .map { before.index(after: $0) } ?? before.startIndex
        let previous = before[..<wordStart].split(whereSeparator: \.isWhitespace)
        if let spaceIndex = before.lastIndex(where: \.isWhitespace), previous.last == "-f" {
            let pathStart = before.index(after: spaceIndex)
            return completion(before, from: pathStart,
                              candidates: files(String(before[pathStart...]), suffix: " "))
        }
        let typed = before[wordStart...]
        if typed.hasPrefix("$") { return completion(before, from: wordStart, candidates: []) }
        let shout = typed.contains(where: \.isLetter) && !typed.contains(where: \.isLowercase)
        let keywords = vocabulary.keywords.map { shout ? $0.uppercased() : $0 }
        let candidates = words(keywords + vocabulary.fields + vocabulary.enumNames,
                               matching: typed, suffix: " ")
        return completion(before, from: wordStart, candidates: candidates)
    }

    /// Letters, digits, `_`, `.` (as in `param.NAME`) and `$` (variables) make up a word.
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "." || character == "$"
    }

    // MARK: - Candidates

    private func completion(_ before: Substring, from start: Substring.Index,
                            candidates: [CompletionCandidate]) -> Completion {
        Completion(replaceRange: start..<before.endIndex, typed: String(before[start...]),
                   candidates: candidates)
    }

    /// The words starting with `typed` (ignoring case), sorted, first spelling kept.
    private func words(_ pool: [String], matching typed: Substring, suffix: String) -> [CompletionCandidate] {
        let prefix = typed.lowercased()
        var seen = Set<String>()
        var result: [CompletionCandidate] = []
        for word in pool where word.lowercased().hasPrefix(prefix) {
            if seen.insert(word.lowercased()).inserted {
                result.append(CompletionCandidate(text: word, suffix: suffix))
            }
        }
        return result.sorted { ($0.text.lowercased(), $0.text) < ($1.text.lowercased(), $1.text) }
    }

    /// Paths starting with `typed`: directories end in `/`; hidden names need a typed `.`.
    func files(_ typed: String, suffix: String) -> [CompletionCandidate] {
        let slash = typed.lastIndex(of: "/")
        let directoryPart = slash.map { String(typed[...$0]) } ?? ""
        let base = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var directory = directoryPart.isEmpty ? "." : directoryPart
        if directory.hasPrefix("~/"), let homeDirectory {
            directory = homeDirectory + directory.dropFirst()
        }
        let entries = listDirectory(directory) ?? []
        return entries
            .filter { $0.name.hasPrefix(base) && $0.name != "." && $0.name != ".." }
            .filter { !$0.name.hasPrefix(".") || base.hasPrefix(".") }
            .sorted { $0.name < $1.name }
            .map { entry in
                let name = entry.isDirectory ? entry.name + "/" : entry.name
                return CompletionCandidate(text: directoryPart + name, display: name,
                                           suffix: entry.isDirectory ? "" : suffix)
            }
    }
}
