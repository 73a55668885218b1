// Tab completion's word logic, free of libedit: given a line and a cursor, find the word
// being typed, decide what kind of word it is (dot-command, statement word, task id in
// quotes, file path) and return the candidates. Statements are completed by context when
// the host supplies it (`CompletionVocabulary.context`), else from flat word lists.

/// Finds completions of the word before the cursor.
///
/// Case: words match case-insensitively. A keyword is inserted upper-case when every
/// letter typed so far is upper-case (`SEL⇥` → `SELECT`), else as the vocabulary spells
/// it; fields, enum names, task ids and dot-commands are always inserted as spelled in
/// the vocabulary (`STATU⇥` → `status`). File names match case-sensitively.
///
/// Contexts: a line starting with `.` completes dot-commands in its first word, file
/// paths after `.read` and `.output`, `dotCommandArguments` after other commands, and the
/// query of `.watch SECONDS QUERY` as a statement. A statement is completed by the host's
/// `context` (given the earlier lines of the statement and the line up to the cursor);
/// without one: inside a quote, paths after `into` / `from file` and task ids elsewhere;
/// an unquoted word after `-f` is a path; any other word is a keyword, field or enum name.
public struct Completer: Sendable {
    /// The words to offer.
    public var vocabulary: CompletionVocabulary
    /// Lists a directory for path completion (nil when it cannot be read).
    public var listDirectory: @Sendable (String) -> [DirectoryEntry]?
    /// What a leading `~/` in a path stands for.
    public var homeDirectory: String?
    /// The earlier lines of an unfinished statement, each ending in a newline (the REPL's
    /// continuation lines see them, so `where` on the line above still counts).
    public var precedingText: String

    public init(
        vocabulary: CompletionVocabulary,
        listDirectory: @escaping @Sendable (String) -> [DirectoryEntry]? = DirectoryEntry.list,
        homeDirectory: String? = DirectoryEntry.environmentHome(),
        precedingText: String = ""
    ) {
        self.vocabulary = vocabulary
        self.precedingText = precedingText
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
        if leading.hasPrefix("."), precedingText.isEmpty {
            return completeDotCommandLine(before, command: leading)
        }
        return completeStatement(before, statement: precedingText + before)
    }

    // MARK: - Dot-command lines

    private func completeDotCommandLine(_ before: Substring, command line: Substring) -> Completion {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
            let names = vocabulary.dotCommands + CompletionVocabulary.builtInDotCommands
            return completion(
                before, from: line.startIndex,
                candidates: words(names, matching: line, suffix: " "))
        }
        let name = line[..<space].lowercased()
        let argumentStart = line[space...].firstIndex { $0 != " " && $0 != "\t" } ?? line.endIndex
        let argument = line[argumentStart...]
        if name == ".read" || name == ".output" {
            if let quote = argument.first, quote == "'" || quote == "\"" {
                let start = argument.index(after: argument.startIndex)
                return completion(
                    before, from: start,
                    candidates: files(String(argument[start...]), suffix: String(quote)))
            }
            return completion(before, from: argumentStart, candidates: files(String(argument), suffix: " "))
        }
        if let choices = vocabulary.dotCommandArguments[name],
            !argument.contains(where: { $0 == " " || $0 == "\t" })
        {
            return completion(
                before, from: argumentStart,
                candidates: words(choices, matching: argument, suffix: " "))
        }
        if name == ".watch" {
            // `.watch SECONDS QUERY`: the query starts after the seconds.
            let afterSeconds = argument.firstIndex { $0 == " " || $0 == "\t" }
            guard let afterSeconds else { return completion(before, from: before.endIndex, candidates: []) }
            return completeStatement(before, statement: String(argument[afterSeconds...]))
        }
        return completeStatement(before, statement: String(before))
    }

    // MARK: - Statements

    /// Completes the word at the end of `before`, which ends `statement` (the statement text
    /// up to the cursor, earlier lines included).
    private func completeStatement(_ before: Substring, statement: String) -> Completion {
        if let context = vocabulary.context {
            return completeInContext(before, context(statement))
        }
        let scan = QuoteScanner.scan(before)
        if scan.inComment { return completion(before, from: before.endIndex, candidates: []) }
        if let quote = scan.openQuote {
            let typed = before[quote.contentStart...]
            let context = before[..<quote.quoteIndex].split(whereSeparator: \.isWhitespace)
                .suffix(2).map { $0.lowercased() }
            if context.last == "into" || context == ["from", "file"] {
                return completion(
                    before, from: quote.contentStart,
                    candidates: files(String(typed), suffix: String(quote.character)))
            }
            return completion(
                before, from: quote.contentStart,
                candidates: words(
                    vocabulary.taskIDs, matching: typed,
                    suffix: String(quote.character)))
        }
        let wordStart =
            before.lastIndex { !Completer.isWordCharacter($0) }
            .map { before.index(after: $0) } ?? before.startIndex
        let previous = before[..<wordStart].split(whereSeparator: \.isWhitespace)
        if let spaceIndex = before.lastIndex(where: \.isWhitespace), previous.last == "-f" {
            let pathStart = before.index(after: spaceIndex)
            return completion(
                before, from: pathStart,
                candidates: files(String(before[pathStart...]), suffix: " "))
        }
        let typed = before[wordStart...]
        if typed.hasPrefix("$") { return completion(before, from: wordStart, candidates: []) }
        let shout = typed.contains(where: \.isLetter) && !typed.contains(where: \.isLowercase)
        let keywords = vocabulary.keywords.map { shout ? $0.uppercased() : $0 }
        let candidates = words(
            keywords + vocabulary.fields + vocabulary.enumNames,
            matching: typed, suffix: " ")
        return completion(before, from: wordStart, candidates: candidates)
    }

    /// The candidates the host's language allows: its words (in the typed case for keywords),
    /// or file paths — completed inside an open quote, or as a new quoted path.
    private func completeInContext(_ before: Substring, _ context: ContextCompletion) -> Completion {
        let typedLength = context.typed.unicodeScalars.count
        guard typedLength <= before.unicodeScalars.count,
            before.unicodeScalars.suffix(typedLength).elementsEqual(context.typed.unicodeScalars)
        else {
            return completion(before, from: before.endIndex, candidates: [])  // the quote opened on an earlier line
        }
        let start = before.unicodeScalars.index(before.unicodeScalars.endIndex, offsetBy: -typedLength)
        let typed = before[start...]
        if context.paths {
            if let quote = context.quote {
                return completion(before, from: start, candidates: files(String(typed), suffix: String(quote)))
            }
            guard typed.isEmpty else { return completion(before, from: start, candidates: []) }
            let quoted = files("", suffix: "'").map {
                CompletionCandidate(text: "'" + $0.text, display: $0.display, suffix: $0.suffix)
            }
            return completion(before, from: start, candidates: quoted)
        }
        let shout = typed.contains(where: \.isLetter) && !typed.contains(where: \.isLowercase)
        let candidates = context.words.map { word in
            CompletionCandidate(text: word.isKeyword && shout ? word.text.uppercased() : word.text, suffix: word.suffix)
        }
        return completion(before, from: start, candidates: candidates)
    }

    /// Letters, digits, `_`, `.` (as in `param.NAME`) and `$` (variables) make up a word.
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "." || character == "$"
    }

    // MARK: - Candidates

    private func completion(
        _ before: Substring, from start: Substring.Index,
        candidates: [CompletionCandidate]
    ) -> Completion {
        Completion(
            replaceRange: start..<before.endIndex, typed: String(before[start...]),
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
        return
            entries
            .filter { $0.name.hasPrefix(base) && $0.name != "." && $0.name != ".." }
            .filter { !$0.name.hasPrefix(".") || base.hasPrefix(".") }
            .sorted { $0.name < $1.name }
            .map { entry in
                let name = entry.isDirectory ? entry.name + "/" : entry.name
                return CompletionCandidate(
                    text: directoryPart + name, display: name,
                    suffix: entry.isDirectory ? "" : suffix)
            }
    }
}
