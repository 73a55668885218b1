// The REPL as a user meets it: the probe harness (real REPL + LineEditor over an echo
// host) driven through a pseudo-terminal — typing, history recall, completion, the
// continuation prompt, Ctrl-C and Ctrl-D, multibyte input.
import Glibc
import Testing

@Suite("REPL through a pseudo-terminal", .serialized)
struct REPLTerminalTests {
    @Test("a statement is run and its rows are shown")
    func echo() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select 1\r")
        #expect(terminal.waitFor("echo: select 1"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
    }

    @Test("Up-arrow recalls the previous statement")
    func upArrowRecalls() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select 42\r")
        #expect(terminal.waitFor("echo: select 42"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(.up)
        #expect(terminal.wait { $0.screen.cursorLine == "probe> select 42" })
        terminal.send(.enter)
        #expect(terminal.waitFor("echo: select 42", count: 2))
    }

    @Test("stat⇥ completes to status")
    func tabCompletes() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select stat\t")
        #expect(terminal.wait { $0.screen.cursorLine == "probe> select status" })
        terminal.send("= busy\r")
        #expect(terminal.waitFor("echo: select status = busy"))
    }

    @Test("a second Tab lists the candidates")
    func secondTabLists() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select b\t\t")
        #expect(terminal.wait { $0.screen.text.contains("busy_rejected") })
        let listing = terminal.screen.lines.first { $0.contains("busy_rejected") } ?? ""
        #expect(listing.contains("busy") && listing.contains("by"))
        #expect(terminal.wait { $0.screen.cursorLine == "probe> select b" })
    }

    @Test("an unfinished statement shows the continuation prompt")
    func continuationPrompt() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select a,\r")
        #expect(terminal.wait(until: Probe.isAtContinuationPrompt))
        terminal.send("b where x and\r")
        #expect(terminal.wait(until: Probe.isAtContinuationPrompt))
        terminal.send("y\r")
        #expect(terminal.waitFor("echo: y"))
        #expect(terminal.transcript.contains("echo: select a,\necho: b where x and\necho: y"))
    }

    @Test("pasted text: an indented line continues the statement above it")
    func pastedIndentedLine() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select 1\r    where x\r\tand y\rselect 2\r")
        #expect(terminal.waitFor("echo: select 2"))
        #expect(terminal.transcript.contains("echo: select 1\necho:     where x\necho: \tand y\n"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(.up)
        #expect(terminal.wait { $0.screen.cursorLine == "probe> select 2" })
        terminal.send(.up)
        #expect(terminal.wait { $0.screen.text.contains("probe> select 1\n    where x") })
    }

    @Test("Ctrl-C during a running statement cancels it and the prompt works again")
    func controlCCancelsStatement() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("sleep 30\r")
        #expect(terminal.waitFor("sleeping 30s"))
        terminal.send(.controlC)
        #expect(terminal.waitFor("cancelled", timeout: 15))
        #expect(terminal.wait(timeout: 15, until: Probe.isAtFreshPrompt))
        terminal.send("select 2\r")
        #expect(terminal.waitFor("echo: select 2"))
        #expect(!terminal.transcript.contains("slept"))
    }

    @Test("a statement that ignores cancellation: the REPL waits for it, then reports the cancel")
    func stubbornStatementFinishes() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("stubborn 1\r")
        #expect(terminal.waitFor("stubborn for 1s"))
        terminal.send(.controlC)
        #expect(terminal.waitFor("stubborn done"))
        #expect(terminal.waitFor("cancelled"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
    }

    @Test("three Ctrl-C leave the shell with 130 when a statement will not stop")
    func stubbornStatementAbandoned() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("stubborn 60\r")
        #expect(terminal.waitFor("stubborn for 60s"))
        // One at a time: signals that arrive before the first is handled merge into one.
        terminal.send(.controlC)
        #expect(terminal.waitFor("stubborn ignores the cancel"))
        terminal.send(.controlC)
        #expect(terminal.waitFor("press Ctrl-C once more"))
        terminal.send(.controlC)
        #expect(terminal.waitFor("leaving the shell"))
        #expect(terminal.waitForExit() == 130)
    }

    @Test("a host can ask a question while its statement runs, and Ctrl-C interrupts it")
    func question() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("ask\r")
        #expect(terminal.waitFor("Continue? [y/N]"))
        terminal.send("yes\r")
        #expect(terminal.waitFor("answer: yes"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("ask\r")
        #expect(terminal.waitFor("Continue? [y/N]", count: 2))
        terminal.send(.controlC)
        #expect(terminal.waitFor("cancelled", timeout: 15))
        #expect(terminal.wait(timeout: 15, until: Probe.isAtFreshPrompt))
        terminal.send("select 5\r")
        #expect(terminal.waitFor("echo: select 5"))
    }

    @Test("start-up work run through runInterruptibly is cancelled by Ctrl-C too")
    func controlCCancelsStartUp() throws {
        let (terminal, _) = try Probe.start(environment: ["PROBE_INIT": "sleep 30"])
        #expect(terminal.waitFor("sleeping 30s"))
        terminal.send(.controlC)
        #expect(terminal.waitFor("cancelled", timeout: 15))
        #expect(terminal.wait(timeout: 15, until: Probe.isAtFreshPrompt))
        terminal.send("select 6\r")
        #expect(terminal.waitFor("echo: select 6"))
    }

    @Test("Ctrl-C cancels a slow dot-command too")
    func controlCCancelsDotCommand() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".slow\r")
        // Running (the editor has left raw mode), not merely the first keys echoed.
        #expect(terminal.wait { !$0.isInRawMode && $0.transcript.contains(".slow") })
        terminal.send(.controlC)
        #expect(terminal.waitFor("slow command stopped", timeout: 15))
        #expect(terminal.wait(timeout: 15, until: Probe.isAtFreshPrompt))
    }

    /// A NUL in libedit's line kept Ctrl-D from ending the input (seen as a shell that would not
    /// exit when a Ctrl-D came while the terminal was still in cooked mode: the kernel keeps that
    /// end-of-file as a NUL). The editor drops NUL bytes.
    @Test("Ctrl-D after a NUL byte (Ctrl-@) still ends the input")
    func controlDAfterNul() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("\u{0}")
        terminal.send("select 7\r")
        #expect(terminal.waitFor("echo: select 7"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("\u{0}")
        #expect(terminal.waitForExit(timeout: 1) == nil)
        terminal.send(.controlD)
        #expect(terminal.waitForExit(timeout: 10) == 0)
    }

    @Test("Ctrl-C on a partial line discards it")
    func controlCClearsLine() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("partial text")
        #expect(terminal.wait { $0.screen.cursorLine == "probe> partial text" })
        terminal.send(.controlC)
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select 3\r")
        #expect(terminal.waitFor("echo: select 3"))
        #expect(!terminal.transcript.contains("echo: partial"))
    }

    @Test("Ctrl-C on a continuation line discards the whole statement")
    func controlCClearsStatement() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select a,\r")
        #expect(terminal.wait(until: Probe.isAtContinuationPrompt))
        terminal.send(.controlC)
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select 4\r")
        #expect(terminal.waitFor("echo: select 4"))
        #expect(!terminal.transcript.contains("echo: select a,"))
    }

    @Test("Ctrl-D on an empty line exits with status 0")
    func controlDExits() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        #expect(terminal.endInput() == 0)
    }

    @Test(".quit exits with status 0")
    func quitExits() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".quit\r")
        #expect(terminal.waitForExit() == 0)
    }

    @Test("a narrow or resized terminal: long lines wrap and still run whole")
    func resize() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.resize(columns: 30, rows: 10)
        #expect(terminal.size.columns == 30)
        let long = "select " + String(repeating: "x", count: 50)
        terminal.send(long)
        #expect(terminal.wait { $0.screen.text.contains(String(repeating: "x", count: 10)) })
        terminal.send(" end\r")
        #expect(terminal.waitFor("echo: \(long) end"))
    }

    @Test("with standard output redirected, prompts go to the terminal and rows to the file")
    func redirectedOutput() throws {
        let directory = Probe.temporaryDirectory()
        let output = directory + "/out.txt"
        let (terminal, _) = try Probe.start(directory: directory, standardOutput: output)
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select 1\r")
        #expect(terminal.wait { $0.occurrences(of: "probe> ") == 2 && $0.isInRawMode })
        #expect(terminal.endInput() == 0)
        #expect(!terminal.transcript.contains("echo:"))
        #expect(readTextFile(output) == "echo: select 1\n")
    }

    @Test("a prompt with colour sequences keeps the cursor in the right column")
    func colouredPrompt() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("bold\r")
        #expect(terminal.wait { $0.occurrences(of: "probe>") == 2 && Probe.isAtFreshPrompt($0) })
        #expect(terminal.rawOutput.firstRange(of: Array("\u{1B}[1mprobe>\u{1B}[0m ".utf8)) != nil)
        terminal.send("select 7")
        terminal.send(.left, .left)
        terminal.send("X\r")
        #expect(terminal.waitFor("echo: selectX 7"))
        #expect(!terminal.transcript.contains("\u{1}"))
    }

    @Test("multibyte input round-trips, also when edited in the middle")
    func multibyte() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select 'é 中文'\r")
        #expect(terminal.waitFor("echo: select 'é 中文'"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("select é中文")
        terminal.send(.left, .left)
        terminal.send("X\r")
        #expect(terminal.waitFor("echo: select éX中文"))
    }
}
