// What a person sees of a result on a terminal, through the real `callq --demo` on a
// pseudo-terminal (issue 26 item 11): rows that cannot fit the width are shown
// expanded with a note saying so, and a result longer than the screen goes through
// the pager (`less -FRX` by default) until `set pager = off`.
import Foundation
import Glibc
import Testing

@Suite("results on a small terminal", .serialized)
struct CallqScreenTerminalTests {
    static func prompt(_ t: PseudoTerminal) -> Bool { CallqDemoTerminalTests.fresh(t) }

    @Test("rows too wide for 80 columns are shown expanded, and the screen says so")
    func tooWideIsExpanded() throws {
        let (terminal, _) = try CallqReplLineTerminalTests.demo(columns: 80, rows: 40)
        #expect(terminal.wait(until: Self.prompt))
        terminal.send("orders limit 2\r")
        #expect(terminal.waitFor("(2 orders"))
        #expect(terminal.wait(until: Self.prompt))
        let screen = terminal.screen.lines
        #expect(screen.contains("(8 columns do not fit 80 columns: expanded view; `format table` keeps the table)"))
        #expect(screen.contains { $0.hasPrefix("orderID      = task-1-") })
        #expect(screen.contains { $0.hasPrefix("callStartTs  = 2024-") })
        // Asked for by name, the table stays a table (cut to fit).
        terminal.send("orders select id, phone, status limit 2 format table\r")
        #expect(terminal.waitFor("(2 orders", count: 2))
        #expect(terminal.wait(until: Self.prompt))
        #expect(terminal.screen.lines.contains { $0.hasPrefix(" orderID ") || $0.hasPrefix(" id ") })
        #expect(terminal.endInput() == 0)
    }

    @Test("a table that fits a wide terminal stays a table")
    func fitsStaysATable() throws {
        let (terminal, _) = try CallqReplLineTerminalTests.demo(columns: 140, rows: 40)
        #expect(terminal.wait(until: Self.prompt))
        terminal.send("orders limit 2\r")
        #expect(terminal.waitFor("(2 orders"))
        #expect(terminal.wait(until: Self.prompt))
        #expect(!terminal.transcript.contains("expanded view"))
        #expect(terminal.screen.lines.contains { $0.hasPrefix(" orderID ") })
        #expect(terminal.endInput() == 0)
    }

    @Test("a result longer than the screen is paged; `set pager = off` prints it all")
    func longResultIsPaged() throws {
        #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/less"), "the default pager, less, is needed")
        let (terminal, _) = try CallqReplLineTerminalTests.demo(columns: 80, rows: 24)
        #expect(terminal.wait(until: Self.prompt))
        terminal.send("orders select id, status limit 40\r")
        // less shows one screen and its `:` prompt; the footer is further down.
        #expect(terminal.wait { trimmed($0.screen.cursorLine) == ":" })
        #expect(!terminal.transcript.contains("(40 orders"))
        terminal.send("q")
        #expect(terminal.wait(until: Self.prompt))
        terminal.send("set pager = off\r")
        #expect(terminal.wait(until: Self.prompt))
        terminal.send("orders select id, status limit 40\r")
        #expect(terminal.waitFor("(40 orders"))
        #expect(terminal.wait(until: Self.prompt))
        #expect(terminal.endInput() == 0)
    }
}
