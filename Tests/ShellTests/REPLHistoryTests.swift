// History through the pseudo-terminal: the file (mode 0600, no refused lines), Ctrl-R
// search, `.history`, and history surviving into the next session.
import Glibc
import Testing

@Suite("REPL history through a pseudo-terminal", .serialized)
struct REPLHistoryTests {
    @Test("the history file is 0600 and holds no line the host refused")
    func historyFile() throws {
        let (terminal, directory) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select kept\r")
        #expect(terminal.waitFor("echo: select kept"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("set secret_key = hunter2\r")
        #expect(terminal.waitFor("echo: set secret_key = hunter2"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(.up)
        #expect(terminal.wait { $0.screen.cursorLine == "probe> select kept" })
        terminal.send(.controlU, .controlD)
        #expect(terminal.waitForExit() == 0)

        let path = directory + "/state/callq/history"
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let contents = try #require(readTextFile(path))
        #expect(contents.contains("select\\040kept"))
        #expect(!contents.contains("hunter2"))
    }

    @Test("history is loaded again by the next session")
    func historyPersists() throws {
        let directory = Probe.temporaryDirectory()
        do {
            let (terminal, _) = try Probe.start(directory: directory)
            #expect(terminal.wait(until: Probe.isAtFreshPrompt))
            terminal.send("select from before\r")
            #expect(terminal.waitFor("echo: select from before"))
            #expect(terminal.wait(until: Probe.isAtFreshPrompt))
            terminal.send(".quit\r")
            #expect(terminal.waitForExit() == 0)
        }
        let (terminal, _) = try Probe.start(directory: directory)
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(.up)
        #expect(terminal.wait { $0.screen.cursorLine == "probe> .quit" })
        terminal.send(.up)
        #expect(terminal.wait { $0.screen.cursorLine == "probe> select from before" })
    }

    @Test("Ctrl-R finds an earlier statement")
    func reverseSearch() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select alpha\r")
        #expect(terminal.waitFor("echo: select alpha"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select beta\r")
        #expect(terminal.waitFor("echo: select beta"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(.controlR)
        terminal.send("alp")
        #expect(terminal.wait { $0.screen.text.contains("select alpha") && $0.screen.cursorLine.contains("alp") })
        terminal.send(.enter)
        #expect(terminal.waitFor("echo: select alpha", count: 2))
    }

    @Test(".history lists entries oldest first")
    func historyCommand() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select one\r")
        #expect(terminal.waitFor("echo: select one"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select two,\r")
        #expect(terminal.wait(until: Probe.isAtContinuationPrompt))
        terminal.send("three\r")
        #expect(terminal.waitFor("echo: three"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".history\r")
        #expect(terminal.waitFor("3  .history"))
        #expect(terminal.transcript.contains("1  select one\n  2  select two,\n     three\n"))
    }
}
