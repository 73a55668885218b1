import Glibc
import Testing

// History without a terminal: where the file goes, creating it owner-only with its
// directories, de-duplicating consecutive entries, reloading, and the `.history` format.
@testable import CallqShell

@Suite("LineEditor history")
struct LineEditorHistoryTests {
    @Test("the history path follows XDG_STATE_HOME, else HOME")
    func defaultPath() {
        #expect(
            LineEditor.defaultHistoryPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
                == "/s/callq/history")
        #expect(
            LineEditor.defaultHistoryPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])
                == "/h/.local/state/callq/history")
        #expect(LineEditor.defaultHistoryPath(environment: ["HOME": "/h"]) == "/h/.local/state/callq/history")
        #expect(LineEditor.defaultHistoryPath(environment: [:]) == nil)
    }

    @Test("entries are saved at once, owner-only, and loaded by the next editor")
    func saveAndLoad() {
        let path = Probe.temporaryDirectory() + "/a/b/history"
        do {
            let editor = LineEditor(programName: "test", historyPath: path, usesTerminal: false)
            editor.addHistory("select 1")
            editor.addHistory("select a,\n  b")
            editor.addHistory("select a,\n  b")
            editor.addHistory("é 中文")
            #expect(editor.historyEntries == ["select 1", "select a,\n  b", "é 中文"])
            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            var directory = stat()
            #expect(stat(String(path.dropLast("/history".count)), &directory) == 0)
            #expect(directory.st_mode & 0o077 == 0)
        }
        let again = LineEditor(programName: "test", historyPath: path, usesTerminal: false)
        #expect(again.historyEntries == ["select 1", "select a,\n  b", "é 中文"])
    }

    @Test("an existing world-readable history file is made owner-only")
    func tightensMode() {
        let path = Probe.temporaryDirectory() + "/history"
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        fchmod(fd, 0o644)
        close(fd)
        let editor = LineEditor(programName: "test", historyPath: path, usesTerminal: false)
        editor.addHistory("select 1")
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test("without a path, history stays in memory")
    func memoryOnly() {
        let editor = LineEditor(programName: "test", historyPath: nil, usesTerminal: false)
        editor.addHistory("select 1")
        #expect(editor.historyEntries == ["select 1"])
    }

    @Test(".history numbers entries and indents continuation lines")
    func format() {
        let entries = (1...10).map { "select \($0)" } + ["a,\nb"]
        let text = REPL.formatHistory(entries)
        #expect(text.hasPrefix("   1  select 1\n"))
        #expect(text.hasSuffix("  10  select 10\n  11  a,\n      b\n"))
    }
}
