// What one REPL line may hold, through the real `callq --demo` shell on a
// pseudo-terminal: several statements separated by `;` run in order (as in scripts),
// and a line holding only a comment is no statement (issue 26 items 2 and 6).
import Foundation
import Glibc
import Testing

@Suite("REPL lines through a pseudo-terminal", .serialized)
struct CallqReplLineTerminalTests {
    static func demo(columns: Int = 120, rows: Int = 40, extra: [String: String] = [:]) throws -> (PseudoTerminal, String) {
        let home = "/tmp/callq-pty-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        mkdir(home, 0o700)
        var environment = [
            "HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config",
            "LANG": "C.UTF-8", "TZ": "UTC"
        ]
        for (k, v) in extra { environment[k] = v }
        let terminal = try PseudoTerminal(
            executable: PseudoTerminal.builtProduct("callq"), arguments: ["--demo"],
            environment: environment, columns: columns, rows: rows)
        return (terminal, home)
    }

    @Test("several statements on one line run in order; variables and settings carry to the next")
    func severalStatementsOnALine() throws {
        let (terminal, _) = try Self.demo()
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        terminal.send("orders count; tasks count\r")
        #expect(terminal.waitFor("     3"))
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        #expect(terminal.transcript.contains("   500"))
        #expect(!terminal.transcript.contains("unexpected"))
        let before = terminal.transcript.count
        terminal.send("set timing on; let x = 5; orders where duration > $x count\r")
        #expect(terminal.waitFor("Time:", count: 3))
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        let after = String(terminal.transcript.dropFirst(before))
        #expect(after.contains("   169"))
        #expect(!after.contains("error"))
        // A mistake in the second statement stops the line before the first runs, pointing into the line.
        terminal.send("tasks count; orders where staus = busy count\r")
        #expect(terminal.waitFor("query:1:27: error: unknown field `staus`"))
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        #expect(terminal.endInput() == 0)
    }

    @Test("a line holding only a comment is no statement")
    func commentOnlyLine() throws {
        let (terminal, _) = try Self.demo()
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        terminal.send("-- note\r")
        #expect(
            terminal.wait {
                $0.screen.lines.filter { $0.hasPrefix("callq(demo-task)>") }.count == 2 && CallqDemoTerminalTests.fresh($0)
            })
        terminal.send("# another note\r")
        #expect(
            terminal.wait {
                $0.screen.lines.filter { $0.hasPrefix("callq(demo-task)>") }.count == 3 && CallqDemoTerminalTests.fresh($0)
            })
        terminal.send("tasks count -- how many\r")
        #expect(terminal.waitFor("     3"))
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        #expect(!terminal.transcript.contains("empty statement"))
        #expect(!terminal.transcript.contains("error"))
        #expect(terminal.endInput() == 0)
    }
}
