// The completer's word logic without a terminal: which word is replaced, which candidates
// each context offers (words, dot-commands, quoted task ids, file paths) and the case rule.
@testable import CallqShell
import Testing

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
        ".": [DirectoryEntry(name: "Sources", isDirectory: true),
              DirectoryEntry(name: "setup.sh", isDirectory: false),
              DirectoryEntry(name: "data.ndjson", isDirectory: false),
              DirectoryEntry(name: ".hidden", isDirectory: false)],
        "out/": [DirectoryEntry(name: "result.csv", isDirectory: false),
                 DirectoryEntry(name: "report.md", isDirectory: false)],
        "/home/u/": [DirectoryEntry(name: "notes.cq", isDirectory: false)],
    ]

    let completer = Completer(vocabulary: CompleterTests.vocabulary,
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
        #expect(completer.complete("orders from file 'da").action(secondTab: false)
                == .replace(with: "data.ndjson'"))
        let into = completer.complete("orders limit 3 into \"out/r")
        #expect(into.typed == "out/r")
        #expect(into.candidates.map(\.text) == ["out/report.md", "out/result.csv"])
        #expect(into.candidates.map(\.display) == ["report.md", "result.csv"])
        #expect(into.action(secondTab: false) == .replace(with: "out/re"))
        #expect(completer.complete("orders into 'out/res").action(secondTab: false)
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
