import Glibc
import Testing

// Pieces around completion that need no terminal: the common prefix, the column listing
// of a second Tab, and the real directory lister.
@testable import CallqShell

@Suite("Completion")
struct CompletionTests {
    @Test("the common prefix of the candidates")
    func commonPrefix() {
        let line = "x"
        let completion = Completion(
            replaceRange: line.startIndex..<line.endIndex, typed: "x",
            candidates: ["status", "statuses", "stat"].map { CompletionCandidate(text: $0) })
        #expect(completion.commonPrefix == "stat")
    }

    @Test("a multibyte common prefix")
    func multibytePrefix() {
        let line = ""
        let completion = Completion(
            replaceRange: line.startIndex..<line.endIndex, typed: "",
            candidates: ["中文a", "中文b"].map { CompletionCandidate(text: $0) })
        #expect(completion.action(secondTab: false) == .replace(with: "中文"))
    }

    @Test("a listing fills columns top to bottom")
    func listing() {
        #expect(CompletionListing.layout(["a", "bb", "ccc"], width: 20) == "a    bb   ccc\n")
        #expect(CompletionListing.layout(["a", "bb", "ccc"], width: 8) == "a\nbb\nccc\n")
        #expect(CompletionListing.layout(["a", "b", "c", "d", "e"], width: 9) == "a  c  e\nb  d\n")
        #expect(CompletionListing.layout([], width: 80) == "")
    }

    @Test("the real lister marks directories")
    func realLister() throws {
        let directory = Probe.temporaryDirectory()
        #expect(mkdir(directory + "/sub", 0o700) == 0)
        let fd = open(directory + "/file.cq", O_WRONLY | O_CREAT, 0o600)
        close(fd)
        #expect(symlink(directory + "/sub", directory + "/link") == 0)
        let entries = try #require(DirectoryEntry.list(directory))
        let named = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.isDirectory) })
        #expect(named["sub"] == true)
        #expect(named["link"] == true)
        #expect(named["file.cq"] == false)
        #expect(DirectoryEntry.list(directory + "/missing") == nil)
    }
}
