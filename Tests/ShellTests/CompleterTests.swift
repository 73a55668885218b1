import Testing

// The completer's word logic without a terminal: which word is replaced, which candidates
// each context offers (words, dot-commands, quoted task ids, file paths) and the case rule.
@testable import CallqShell

@Suite("Completer")
struct CompleterTests {
    static let vocabulary = CompletionVocabulary(
        keywords: ["orders", "where", "select", "by", "from", "file", "into", "and"],
        fields: ["status", "callStatus", "duration", "param.NAME"],
        enumNames: ["busy", "busy_rejected"],
        dotCommands: [".help", ".format", ".read", ".output"],
        dotCommandArguments: [".format": ["table", "json", "ndjson"]],
        taskIDs: ["task-1", "task-2", "other"])

    static let tree: [String: [DirectoryEntry]] = [
        ".": [
            DirectoryEntry(name: "Sources", isDirectory: true),
            DirectoryEntry(name: "setup.sh", isDirectory: false),
            DirectoryEntry(name: "data.ndjson", isDirectory: false),
            DirectoryEntry(name: ".hidden", isDirectory: false)
        ],
        "out/": [
            DirectoryEntry(name: "result.csv", isDirectory: false),
            DirectoryEntry(name: "report.md", isDirectory: false)
        ],
        "/home/u/": [DirectoryEntry(name: "notes.cq", isDirectory: false)]
    ]

    let completer = Completer(
        vocabulary: CompleterTests.vocabulary,
        listDirectory: { CompleterTests.tree[$0] },
        homeDirectory: "/home/u")

    private func texts(_ line: String) -> [String] {
        completer.complete(line).candidates.map(\.text)
    }

    @Test("a unique word completes with a space")
    func uniqueWord() {
        let completion = completer.complete("select stat")
        #expect(completion.typed == "stat")
        #expect(completion.action(secondTab: false) == .replace(with: "status "))
    }

    @Test("matching ignores case; fields keep their spelling, keywords follow an upper-case prefix")
    func caseRule() {
        #expect(texts("select STAT") == ["status"])
        #expect(texts("SEL") == ["SELECT"])
        #expect(texts("Sel") == ["select"])
        #expect(texts("sel") == ["select"])
        #expect(texts("CALLST") == ["callStatus"])
    }

    @Test("several matches: the common prefix first, the list on a second Tab")
    func severalMatches() {
        let bus = completer.complete("where status = bus")
        #expect(bus.candidates.map(\.text) == ["busy", "busy_rejected"])
        #expect(bus.action(secondTab: false) == .replace(with: "busy"))
        let b = completer.complete("select b")
        #expect(b.candidates.map(\.text) == ["busy", "busy_rejected", "by"])
        #expect(b.action(secondTab: false) == .beep)
        #expect(b.action(secondTab: true) == .list(["busy", "busy_rejected", "by"]))
    }

    @Test("no match beeps")
    func noMatch() {
        #expect(completer.complete("select zz").action(secondTab: true) == .beep)
    }

    @Test("only the part of the word before the cursor is completed")
    func cursorInsideWord() {
        let line = "select stat from"
        let cursor = line.index(line.startIndex, offsetBy: 11)
        let completion = completer.complete(line: line, cursor: cursor)
        #expect(line[completion.replaceRange] == "stat")
        #expect(completion.candidates.map(\.text) == ["status"])
    }

    @Test("words include dots, as in param.NAME")
    func dottedWord() {
        #expect(texts("select param.") == ["param.NAME"])
    }

    @Test("dot-commands complete at the start of a line, with the built-in ones")
    func dotCommands() {
        #expect(texts(".") == [".exit", ".format", ".help", ".history", ".output", ".quit", ".read", ".watch"])
        #expect(texts(".wa") == [".watch"])
        #expect(texts("  .FO") == [".format"])
        #expect(completer.complete(".hel").action(secondTab: false) == .replace(with: ".help "))
    }

    @Test("dot-command arguments complete from the vocabulary")
    func dotCommandArguments() {
        #expect(texts(".format n") == ["ndjson"])
        #expect(texts(".format ") == ["json", "ndjson", "table"])
        #expect(texts(".format json x") == [])
    }

    @Test(".watch completes its query like a statement")
    func watchQuery() {
        #expect(texts(".watch 5 orders where sta") == ["status"])
    }

    @Test("paths after .read and .output: directories end in /, files get a space")
    func readPaths() {
        let directory = completer.complete(".read Sou")
        #expect(directory.typed == "Sou")
        #expect(directory.action(secondTab: false) == .replace(with: "Sources/"))
        #expect(completer.complete(".output s").action(secondTab: false) == .replace(with: "setup.sh "))
        #expect(texts(".read ") == ["Sources/", "data.ndjson", "setup.sh"])
        #expect(texts(".read .") == [".hidden"])
        #expect(texts(".read sou") == [])
    }

    @Test("paths inside quotes after into and from file close the quote")
    func quotedPaths() {
        #expect(
            completer.complete("orders from file 'da").action(secondTab: false)
                == .replace(with: "data.ndjson'"))
        let into = completer.complete("orders limit 3 into \"out/r")
        #expect(into.typed == "out/r")
        #expect(into.candidates.map(\.text) == ["out/report.md", "out/result.csv"])
        #expect(into.candidates.map(\.display) == ["report.md", "result.csv"])
        #expect(into.action(secondTab: false) == .replace(with: "out/re"))
        #expect(
            completer.complete("orders into 'out/res").action(secondTab: false)
                == .replace(with: "out/result.csv'"))
    }

    @Test("a path after -f, and ~/ for the home directory")
    func dashFAndHome() {
        #expect(texts("-f set") == ["setup.sh"])
        #expect(texts(".read ~/no") == ["~/notes.cq"])
    }

    @Test("other quoted strings complete task ids seen in the session")
    func taskIDs() {
        let completion = completer.complete("use task 'ta")
        #expect(completion.candidates.map(\.text) == ["task-1", "task-2"])
        #expect(completion.action(secondTab: false) == .replace(with: "task-"))
        #expect(completer.complete("use task \"oth").action(secondTab: false) == .replace(with: "other\""))
        #expect(texts("use task 'x\\'ta") == [])
    }

    @Test("nothing is offered in comments, after a closed string's escape, or for variables")
    func noCompletion() {
        #expect(texts("select x -- sta") == [])
        #expect(texts("select x # sta") == [])
        #expect(texts("where status = $bu") == [])
        #expect(texts("where name = 'a' and sta") == ["status"])
    }
}

/// The completer with the host's completion by context (a fake host here): the replace range
/// is the typed text the host names, keywords follow the typed case, paths are listed in or
/// before a quote, and the host sees earlier lines and the query of `.watch`.
@Suite("Completer by context")
struct ContextCompleterTests {
    /// What the fake host was asked, for the tests that look at it.
    final class Asked: @unchecked Sendable {
        var texts: [String] = []
    }

    static func host(_ asked: Asked) -> ContextCompleter {
        { text in
            asked.texts.append(text)
            if text.hasSuffix("orders where stat") || text.hasSuffix("where\n  stat") {
                return ContextCompletion(typed: "stat", words: [ContextWord("status")])
            }
            if text.hasSuffix("orders WH") {
                return ContextCompletion(typed: "WH", words: [ContextWord("where", isKeyword: true)])
            }
            if text.hasSuffix("stats av") {
                return ContextCompletion(typed: "av", words: [ContextWord("avg", isKeyword: true, suffix: "(")])
            }
            if text.hasSuffix("from file 'da") { return ContextCompletion(typed: "da", quote: "'", paths: true) }
            if text.hasSuffix("into ") { return ContextCompletion(typed: "", paths: true) }
            if text.hasSuffix("in task 'ta") {
                return ContextCompletion(
                    typed: "ta", quote: "'",
                    words: [ContextWord("task-1", suffix: "'"), ContextWord("task-2", suffix: "'")])
            }
            if text.hasSuffix("'a\nb") { return ContextCompletion(typed: "a\nb", quote: "'", words: [ContextWord("a\nbc")]) }
            return ContextCompletion(typed: "")
        }
    }

    static let tree: [String: [DirectoryEntry]] = [
        ".": [
            DirectoryEntry(name: "Sources", isDirectory: true),
            DirectoryEntry(name: "data.ndjson", isDirectory: false)
        ]
    ]

    func completer(_ asked: Asked, preceding: String = "") -> Completer {
        Completer(
            vocabulary: CompletionVocabulary(
                dotCommands: [".help"], dotCommandArguments: [".format": ["csv"]],
                context: Self.host(asked)),
            listDirectory: { Self.tree[$0] }, homeDirectory: "/home/u", precedingText: preceding)
    }

    @Test("the host's word replaces what it says was typed")
    func word() {
        let completion = completer(Asked()).complete("orders where stat")
        #expect(completion.typed == "stat")
        #expect(completion.action(secondTab: false) == .replace(with: "status "))
    }

    @Test("keywords follow an upper-case prefix; a function's suffix is its parenthesis")
    func caseAndSuffix() {
        #expect(completer(Asked()).complete("orders WH").action(secondTab: false) == .replace(with: "WHERE "))
        #expect(completer(Asked()).complete("orders stats av").action(secondTab: false) == .replace(with: "avg("))
    }

    @Test("paths inside a quote close it; before a quote they open one")
    func paths() {
        #expect(
            completer(Asked()).complete("orders from file 'da").action(secondTab: false)
                == .replace(with: "data.ndjson'"))
        let unquoted = completer(Asked()).complete("orders into ")
        #expect(unquoted.candidates.map(\.text) == ["'Sources/", "'data.ndjson"])
        #expect(unquoted.action(secondTab: false) == .replace(with: "'"))
    }

    @Test("quoted task ids from the host")
    func taskIDs() {
        let completion = completer(Asked()).complete("orders in task 'ta")
        #expect(completion.action(secondTab: false) == .replace(with: "task-"))
        #expect(completion.action(secondTab: true) == .replace(with: "task-"))
    }

    @Test("the host sees the earlier lines of the statement, and the query of .watch")
    func statementText() {
        let asked = Asked()
        #expect(completer(asked, preceding: "orders where\n").complete("  stat").candidates.map(\.text) == ["status"])
        #expect(asked.texts.last == "orders where\n  stat")
        _ = completer(asked).complete(".watch 5 orders where stat")
        #expect(asked.texts.last == " orders where stat")
        _ = completer(asked).complete(".watch 5")
        #expect(asked.texts.last == " orders where stat")  // still typing the seconds: not asked
        let line = "orders where stat = busy"
        _ = completer(asked).complete(line: line, cursor: line.index(line.startIndex, offsetBy: 17))
        #expect(asked.texts.last == "orders where stat")
    }

    @Test("a dot at the start of a continuation line is not a dot-command")
    func dotInContinuation() {
        let asked = Asked()
        _ = completer(asked, preceding: "orders where\n").complete(".he")
        #expect(asked.texts.last == "orders where\n.he")
        #expect(completer(Asked()).complete(".he").candidates.map(\.text) == [".help"])
    }

    @Test("nothing when the host offers nothing, or when its typed text spans an earlier line")
    func nothing() {
        #expect(completer(Asked()).complete("orders limit ").action(secondTab: true) == .beep)
        #expect(completer(Asked(), preceding: "orders where name = 'a\n").complete("b").candidates.isEmpty)
    }
}
