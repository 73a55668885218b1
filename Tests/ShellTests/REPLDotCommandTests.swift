// Dot-commands through the pseudo-terminal: hand-off to the host, unknown commands,
// completion of command names, arguments and paths, and `.watch` until Ctrl-C.
import Glibc
import Testing

@Suite("REPL dot-commands through a pseudo-terminal", .serialized)
struct REPLDotCommandTests {
    @Test("host dot-commands get their arguments; unknown ones are reported")
    func handOff() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".format   csv  \r")
        #expect(terminal.waitFor("format set to csv\n"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".frobnicate\r")
        #expect(terminal.waitFor("unknown command .frobnicate (try .help)"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
    }

    @Test("dot-command names and their arguments complete")
    func completion() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".fo\tnd\t\r")
        #expect(terminal.waitFor("format set to ndjson"))
    }

    @Test("file paths complete after .read, directories with a slash")
    func readPath() throws {
        let (terminal, directory) = try Probe.start()
        #expect(mkdir(directory + "/scripts", 0o700) == 0)
        let fd = open(directory + "/scripts/weekly.cq", O_WRONLY | O_CREAT, 0o600)
        close(fd)
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".read \(directory)/scr\t")
        #expect(terminal.wait { $0.screen.cursorLine.hasSuffix("/scripts/") })
        terminal.send("w\t\r")
        #expect(terminal.waitFor("would read [\(directory)/scripts/weekly.cq]"))
    }

    @Test(".watch re-runs the query with a header until Ctrl-C")
    func watch() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".watch 0.2 select w\r")
        #expect(terminal.waitFor("Every 0.2s: select w"))
        #expect(terminal.waitFor("echo: select w", count: 3))
        terminal.send(.controlC)
        #expect(terminal.waitFor("cancelled", timeout: 15))
        #expect(terminal.wait(timeout: 15, until: Probe.isAtFreshPrompt))
        terminal.send("select after\r")
        #expect(terminal.waitFor("echo: select after"))
    }

    @Test(".watch without a usable number explains its usage")
    func watchUsage() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".watch soon select w\r")
        #expect(terminal.waitFor("usage: .watch SECONDS QUERY"))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".watch 1e300 select w\r")
        #expect(terminal.waitFor("usage: .watch SECONDS QUERY", count: 2))
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".watch 5\r")
        #expect(terminal.waitFor("usage: .watch SECONDS QUERY", count: 3))
    }

    @Test(".watch stops by itself when the first run fails")
    func watchStopsOnFirstFailure() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send(".watch 0.1 fail\r")
        #expect(terminal.waitFor("error: fail always fails"))
        #expect(terminal.wait { $0.occurrences(of: "probe>") == 2 && Probe.isAtFreshPrompt($0) })
        #expect(terminal.occurrences(of: "error: fail always fails") == 1)
    }

    @Test("task ids seen in the session complete inside quotes, and the prompt follows the host")
    func taskIDs() throws {
        let (terminal, _) = try Probe.start()
        #expect(terminal.wait(until: Probe.isAtFreshPrompt))
        terminal.send("use task-77\r")
        #expect(terminal.wait { Probe.isEditing($0, line: "probe(task-77)>") })
        terminal.send("select 'ta\t\r")
        #expect(terminal.waitFor("echo: select 'task-77'"))
    }
}
