// What the REPL says about where results go, through `callq --demo` on a pseudo-
// terminal (issue 26 items 10, 13): a successful `into` tells how many rows it
// wrote, `.output FILE` says results now leave as NDJSON, and `orders from stdin`
// says it reads the terminal until Ctrl-D.
import Foundation
import Glibc
import Testing

@Suite("REPL export messages through a pseudo-terminal", .serialized)
struct CallqExportTerminalTests {
    static func prompts(_ t: PseudoTerminal) -> Int {
        t.screen.lines.filter { $0.hasPrefix("callq(demo-task)>") }.count
    }

    @Test("into says how many rows it wrote; .output says the format it writes")
    func exportsAreTold() throws {
        let (terminal, home) = try CallqReplLineTerminalTests.demo()
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        terminal.send("orders where duration > 800 into '~/vm.csv'\r")
        #expect(terminal.waitFor("5 rows written to \(home)/vm.csv"))
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        terminal.send(".output ~/all.txt\r")
        #expect(terminal.waitFor("results now go to \(home)/all.txt as ndjson"))
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        // Back to the screen; with a format chosen, switching to a file says nothing.
        for (k, line) in [".output", ".format csv", ".output '~/b.csv'", "tasks count", ".output"].enumerated() {
            terminal.send(line + "\r")
            #expect(terminal.wait { Self.prompts($0) == k + 4 && CallqDemoTerminalTests.fresh($0) })
        }
        #expect(try String(contentsOfFile: home + "/b.csv", encoding: .utf8).hasPrefix("count"))
        #expect(terminal.endInput() == 0)
        #expect(terminal.transcript.components(separatedBy: "results now go to").count == 2)
        #expect(FileManager.default.fileExists(atPath: home + "/all.txt"))
    }

    @Test("orders from stdin says it reads the terminal until Ctrl-D")
    func readingTheTerminalIsTold() throws {
        let (terminal, _) = try CallqReplLineTerminalTests.demo()
        #expect(terminal.wait(until: CallqDemoTerminalTests.fresh))
        terminal.send("orders from stdin count\r")
        #expect(terminal.waitFor("reading orders from the terminal, end with Ctrl-D"))
        terminal.send("{\"orderID\": 1, \"status\": 1}\r")
        terminal.send(.controlD)
        #expect(terminal.wait { Self.prompts($0) == 2 && CallqDemoTerminalTests.fresh($0) })
        #expect(!terminal.transcript.contains("error"))
        #expect(terminal.endInput() == 0)
    }
}
