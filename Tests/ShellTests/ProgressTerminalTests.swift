// The progress line as a user sees it (issue 11 item 1): the real `callq`, in
// the REPL and with `-c`, on a pseudo-terminal that is both stdout and stderr,
// against a slow simulator so every query pages visibly. Each test checks that
// progress was drawn, the exact first line after the command, and that no
// progress text is left on the screen — after success (table and ndjson), a
// `limit`, an API failure mid-query and Ctrl-C. Also: a table fits the window
// as it is when the statement runs (issue 12 item 15).
import Foundation
import Glibc
import Testing

@Suite("progress and results on one terminal", .serialized)
struct ProgressTerminalTests {
    /// 3000 orders on 30 pages of 100, 150 ms a request: a scan takes about a second.
    static let simulatorArguments = ["--orders", "3000", "--latency", "150ms"]
    /// Scans every page and matches 16 orders of the seed-1 data: the result fits the screen.
    static let query = "orders where phone like '%999%' select id, phone"
    /// The table's header line.
    static func isHeader(_ line: String?) -> Bool { line.map { matches($0, #/ id +\| phone/#) } ?? false }
    /// One ndjson row of the query.
    static func isJSONRow(_ line: String?) -> Bool {
        line.map { matches($0, #/\{"id":"task-\d+-[0-9a-f]+","phone":"\+\d+"\}/#) } ?? false
    }
    /// One table row of the query.
    static func isTableRow(_ line: String?) -> Bool { line.map { matches($0, #/ task-\d+-[0-9a-f]+ +\| \+\d+/#) } ?? false }

    static func matches(_ line: String, _ pattern: Regex<Substring>) -> Bool { line.wholeMatch(of: pattern) != nil }

    static func home() -> String {
        let home = "/tmp/callq-pty-progress-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        mkdir(home, 0o700)
        return home
    }

    static func environment(_ home: String) -> [String: String] {
        [
            "HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config",
            "LANG": "C.UTF-8", "TZ": "UTC"
        ]
    }

    /// `callq` with `arguments` on a new pseudo-terminal.
    static func callq(_ arguments: [String], columns: Int = 120) throws -> PseudoTerminal {
        try PseudoTerminal(
            executable: PseudoTerminal.builtProduct("callq"), arguments: arguments,
            environment: environment(home()), columns: columns, rows: 40)
    }

    static func atPrompt(_ t: PseudoTerminal) -> Bool {
        t.isInRawMode && trimmed(t.screen.cursorLine).hasSuffix(")>")
    }

    /// The screen lines after the last line that ends with `command`.
    static func lines(after command: String, _ t: PseudoTerminal) -> [String] {
        let lines = t.screen.lines
        guard let index = lines.lastIndex(where: { $0.hasSuffix(command) }) else { return [] }
        return Array(lines[(index + 1)...])
    }

    /// Whether a progress line was ever drawn (the bytes written, escapes and all).
    static func drewProgress(_ t: PseudoTerminal) -> Bool {
        String(decoding: t.rawOutput, as: UTF8.self).contains("pages ")
    }

    static func progressOnScreen(_ t: PseudoTerminal) -> Bool {
        t.screen.text.contains("pages ") || t.screen.text.contains("rows/s") || t.screen.text.contains("orders/s")
    }

    @Test("REPL, table: the table starts on the line after the command, nothing left behind")
    func replTable() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        let t = try Self.callq(sim.flags)
        #expect(t.wait(until: Self.atPrompt))
        t.send(Self.query + "\r")
        #expect(t.waitFor("(16 orders, 30 requests"))
        #expect(t.wait(until: Self.atPrompt))
        let after = Self.lines(after: Self.query, t)
        #expect(Self.isHeader(after.first), "first line: \(after.first ?? "none")")
        #expect(after.dropFirst(2).prefix(16).allSatisfy { Self.isTableRow($0) })
        #expect(after.dropFirst(18).first?.hasPrefix("(16 orders, 30 requests") == true)
        #expect(Self.drewProgress(t))
        #expect(!Self.progressOnScreen(t), "screen:\n\(t.screen.text)")
        #expect(t.endInput() == 0)
    }

    @Test("REPL, ndjson and a limit: rows stream under the command, progress never between them")
    func replNDJSONAndLimit() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        let t = try Self.callq(sim.flags)
        #expect(t.wait(until: Self.atPrompt))
        let ndjson = Self.query + " format ndjson"
        t.send(ndjson + "\r")
        #expect(t.wait { Self.lines(after: ndjson, $0).filter { Self.isJSONRow($0) }.count == 16 })
        #expect(t.wait(until: Self.atPrompt))
        var after = Self.lines(after: ndjson, t)
        #expect(Self.isJSONRow(after.first), "first line: \(after.first ?? "none")")
        #expect(after.prefix(16).allSatisfy { Self.isJSONRow($0) })
        #expect(trimmed(after.dropFirst(16).first ?? "").hasSuffix(")>"))
        #expect(Self.drewProgress(t))
        #expect(!Self.progressOnScreen(t), "screen:\n\(t.screen.text)")

        t.send(.controlL)  // a clean screen for the next query
        let limited = Self.query + " limit 5"
        t.send(limited + "\r")
        #expect(t.waitFor("(5 orders"))
        #expect(t.wait(until: Self.atPrompt))
        after = Self.lines(after: limited, t)
        #expect(Self.isHeader(after.first), "first line: \(after.first ?? "none")")
        #expect(after.dropFirst(7).first?.hasPrefix("(5 orders") == true)
        #expect(!Self.progressOnScreen(t), "screen:\n\(t.screen.text)")
        #expect(t.endInput() == 0)
    }

    @Test("REPL: the API failing mid-query gives its error on the line after the command")
    func replErrorMidQuery() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        let t = try Self.callq(sim.flags)
        #expect(t.wait(until: Self.atPrompt))
        t.send("set retries = 1\r")
        #expect(t.wait(until: Self.atPrompt))
        t.send(Self.query + "\r")
        #expect(t.wait(timeout: 10) { Self.drewProgress($0) })
        sim.kill()
        #expect(t.waitFor("127.0.0.1", timeout: 20))
        #expect(t.wait(until: Self.atPrompt))
        let after = Self.lines(after: Self.query, t)
        #expect(after.first?.contains(sim.url) == true, "first line: \(after.first ?? "none")")
        #expect(!Self.progressOnScreen(t), "screen:\n\(t.screen.text)")
        #expect(t.endInput() == 0)
    }

    @Test("REPL: Ctrl-C mid-query leaves `^C cancelled` on the line after the command")
    func replControlC() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        let t = try Self.callq(sim.flags)
        #expect(t.wait(until: Self.atPrompt))
        t.send(Self.query + "\r")
        #expect(t.wait(timeout: 10) { Self.drewProgress($0) })
        t.send(.controlC)
        #expect(t.waitFor("cancelled", timeout: 10))
        #expect(t.wait(until: Self.atPrompt))
        let after = Self.lines(after: Self.query, t)
        #expect(after.first == "^C cancelled", "first line: \(after.first ?? "none")")
        #expect(!Self.progressOnScreen(t), "screen:\n\(t.screen.text)")
        t.send("ping\r")  // the shell goes on
        #expect(t.waitFor("pong"))
        #expect(t.wait(until: Self.atPrompt))
        #expect(t.endInput() == 0)
    }

    @Test("-c, table and ndjson: the output starts on the first line, nothing left behind")
    func commandTableAndNDJSON() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        var t = try Self.callq(sim.flags + ["-c", Self.query])
        #expect(t.waitForExit() == 0)
        var lines = t.screen.lines
        #expect(Self.isHeader(lines.first), "first line: \(lines.first ?? "none")")
        #expect(lines.dropFirst(18).first?.hasPrefix("(16 orders, 30 requests") == true)
        #expect(Self.drewProgress(t))
        #expect(!Self.progressOnScreen(t), "screen:\n\(t.screen.text)")

        t = try Self.callq(sim.flags + ["--format", "ndjson", "-c", Self.query])
        #expect(t.waitForExit() == 0)
        lines = t.screen.lines
        #expect(Self.isJSONRow(lines.first), "first line: \(lines.first ?? "none")")
        #expect(lines.prefix(16).allSatisfy { Self.isJSONRow($0) })
        #expect(lines.dropFirst(16).allSatisfy { $0.isEmpty })
        #expect(Self.drewProgress(t))
    }

    @Test("-c, count: the progress counts the orders read, not the rows (there are none before the end)")
    func commandCountShowsOrdersRead() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        let t = try Self.callq(sim.flags + ["--format", "ndjson", "-c", "orders where phone like '%999%' count"])
        #expect(t.waitForExit() == 0)
        #expect(t.screen.lines.first == #"{"count":16}"#, "screen:\n\(t.screen.text)")
        let drawn = String(decoding: t.rawOutput, as: UTF8.self)
        #expect(drawn.contains(" orders read"), "drawn: \(drawn)")
        #expect(!drawn.contains(" 0 rows") && !drawn.contains(" 0 orders read"), "drawn: \(drawn)")
        #expect(!Self.progressOnScreen(t), "screen:\n\(t.screen.text)")
    }

    @Test("-c: the API failing mid-query: rows, then the error, no progress between or after")
    func commandErrorMidQuery() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        let t = try Self.callq(sim.flags + ["--format", "ndjson", "-c", "set retries = 1; " + Self.query])
        #expect(t.wait(timeout: 10) { Self.drewProgress($0) })
        sim.kill()
        #expect(t.waitForExit() == 1)
        let lines = t.screen.lines.filter { !$0.isEmpty }
        let rows = lines.prefix { Self.isJSONRow($0) }
        #expect(lines.dropFirst(rows.count).first?.hasPrefix("-c:1:") == true, "screen:\n\(t.screen.text)")
        #expect(lines.dropFirst(rows.count).first?.contains(sim.url) == true)
        #expect(!Self.progressOnScreen(t), "screen:\n\(t.screen.text)")
    }

    @Test("-c: Ctrl-C mid-query cancels it, clears the progress and the echoed ^C, exits 130")
    func commandControlC() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        let t = try Self.callq(sim.flags + ["-c", Self.query])
        #expect(t.wait(timeout: 10) { Self.drewProgress($0) })
        t.send(.controlC)
        #expect(t.waitForExit() == 130)
        let lines = t.screen.lines.filter { !$0.isEmpty }
        #expect(
            lines.count == 1 && lines[0].hasPrefix("-c:1:") && lines[0].hasSuffix("cancelled"),
            "screen:\n\(t.screen.text)")
        #expect(!Self.progressOnScreen(t))
    }

    @Test("a table fits the window as it is when each statement runs")
    func tableWidthFollowsTheWindow() throws {
        let sim = try SlowSimulator(Self.simulatorArguments)
        let t = try Self.callq(sim.flags)
        #expect(t.wait(until: Self.atPrompt))
        let wide = "orders select id, phone, status, duration, started, ended limit 3 format table"  // named: not expanded
        t.send(wide + "\r")
        #expect(t.waitFor("(3 orders"))
        #expect(t.wait(until: Self.atPrompt))
        // The window shrinks while another statement runs (outside line editing: libedit's
        // own SIGWINCH handler is not involved), and the next statement fits the new width.
        t.send(Self.query + "\r")
        #expect(t.wait(timeout: 10) { Self.drewProgress($0) })
        t.resize(columns: 70, rows: 40)
        #expect(t.waitFor("(16 orders"))
        #expect(t.wait(until: Self.atPrompt))
        t.send(wide + "\r")
        #expect(t.waitFor("(3 orders", count: 2))
        #expect(t.wait(until: Self.atPrompt))
        func width(_ line: Substring) -> Int { line.unicodeScalars.reduce(0) { $0 + (TerminalScreen.isWide($1) ? 2 : 1) } }
        // The lines as written, each from its last "erase line" on (the progress line is erased
        // in place, so it shares a line of the raw output with what follows it).
        let written = String(decoding: t.rawOutput, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.components(separatedBy: "\u{1B}[2K").last ?? "").replacingOccurrences(of: "\r", with: "") }
            .joined(separator: "\n")
        let tables = written.components(separatedBy: "(3 orders")  // the first two parts end with a table
        func tableLines(_ part: String?) -> [Substring] {
            (part ?? "").split(separator: "\n").filter { $0.contains(" | ") }
        }
        let first = tableLines(tables.first)
        let second = tableLines(tables.dropFirst().first.map { $0.components(separatedBy: "(16 orders").last ?? $0 })
        #expect(first.count == 4 && second.count == 4, "\(tables.count) parts:\n\(written)")
        #expect(first.contains { width($0) > 70 })  // the first table used the wider window
        #expect(second.allSatisfy { width($0) <= 70 }, "\(second)")
        #expect(t.endInput() == 0)
    }
}
