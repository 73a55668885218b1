// Completion by context in the real `callq --demo` shell through a pseudo-terminal: a
// prefix and Tab give the line the language allows (fields, operators, enum names, formats,
// output columns, task ids, paths, clauses, dot-commands), a Tab with nothing to add rings
// the bell, and resizing the terminal at the prompt (SIGWINCH) neither crashes nor garbles.
import Foundation
import Glibc
import Testing

@Suite("callq --demo: completion by context and resizing", .serialized)
struct CallqCompletionTerminalTests {
    static let prompt = "callq(demo-task)> "

    static func start() throws -> (PseudoTerminal, String) {
        let home = "/tmp/callq-pty-tab-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        mkdir(home, 0o700)
        let terminal = try PseudoTerminal(
            executable: PseudoTerminal.builtProduct("callq"), arguments: ["--demo"],
            environment: [
                "HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config",
                "LANG": "C.UTF-8", "TZ": "UTC"
            ])
        return (terminal, home)
    }

    static func fresh(_ t: PseudoTerminal) -> Bool {
        t.isInRawMode && t.screen.cursorLine == trimmed(prompt) && t.screen.column == prompt.count
    }

    /// Types `prefix`, Tab and a marker, expects the line to read `expected` before the marker,
    /// then clears the line.
    static func expectCompletion(
        _ t: PseudoTerminal, _ prefix: String, _ expected: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        t.send(prefix + "\t~")
        let ok = t.wait(timeout: 10) { $0.screen.cursorLine == prompt + expected + "~" }
        #expect(ok, "\(prefix)⇥ gave \(t.screen.cursorLine)", sourceLocation: sourceLocation)
        t.send(.controlU)
        #expect(t.wait(timeout: 10, until: fresh), sourceLocation: sourceLocation)
    }

    @Test("a prefix and Tab complete what the language allows there")
    func contexts() throws {
        let (t, home) = try Self.start()
        let data = home + "/exports"
        mkdir(data, 0o700)
        FileManager.default.createFile(atPath: data + "/report-2024.ndjson", contents: Data())
        #expect(t.wait(until: Self.fresh))
        Self.expectCompletion(t, "orders where stat", "orders where status ")
        Self.expectCompletion(t, "orders format cs", "orders format csv ")
        Self.expectCompletion(t, "orders where status = busy_r", "orders where status = busy_rejected ")
        Self.expectCompletion(t, "orders where agentCallStatus = agent", "orders where agentCallStatus = agent_busy ")
        Self.expectCompletion(t, "orders where duration b", "orders where duration between ")
        Self.expectCompletion(t, "orders where status = busy li", "orders where status = busy limit ")
        Self.expectCompletion(t, "orders count by status order by cou", "orders count by status order by count ")
        Self.expectCompletion(t, "orders in task 'demo", "orders in task 'demo-task'")
        Self.expectCompletion(t, "orders from file '\(data)/rep", "orders from file '\(data)/report-2024.ndjson'")
        Self.expectCompletion(t, "ORDERS WH", "ORDERS WHERE ")
        Self.expectCompletion(t, "orders stats medi", "orders stats median(")
        Self.expectCompletion(t, "orders where sta", "orders where sta")  // status, start, started: nothing to add
        Self.expectCompletion(t, "sy", "sync ")
        Self.expectCompletion(t, "mi", "mirrors ")
        Self.expectCompletion(t, ".rea", ".read ")

        // Nothing may stand after `limit` but a number: the bell, and the line stays as it was.
        let bells = t.rawOutput.filter { $0 == 7 }.count
        t.send("orders limit \t~")
        #expect(t.wait(timeout: 10) { $0.screen.cursorLine == Self.prompt + "orders limit ~" })
        #expect(t.rawOutput.filter { $0 == 7 }.count > bells)
        t.send(.controlU)
        #expect(t.wait(timeout: 10, until: Self.fresh))

        // A second Tab after a complete predicate lists the clauses that may follow, and no field.
        t.send("orders where status = busy \t\t")
        #expect(t.wait(timeout: 10) { $0.screen.text.contains("select") && $0.screen.text.contains("stats") })
        let listing = t.screen.lines.filter { $0.contains("select") || $0.contains("limit") }.joined(separator: " ")
        #expect(listing.contains("and") && listing.contains("order") && listing.contains("format"))
        #expect(!listing.contains("duration") && !listing.contains("busy_rejected"))
        #expect(t.wait(timeout: 10) { $0.screen.cursorLine == Self.prompt + "orders where status = busy" })
        t.send(.controlU)
        #expect(t.wait(timeout: 10, until: Self.fresh))

        // On a continuation line the lines above count.
        t.send("orders where status = busy and\r")
        #expect(t.wait(timeout: 10) { trimmed($0.screen.cursorLine).hasSuffix("...>") && $0.isInRawMode })
        t.send("dura\t~")
        #expect(t.wait(timeout: 10) { $0.screen.cursorLine.hasSuffix("...> duration ~") })
        t.send(.controlC)
        #expect(t.wait(timeout: 10, until: Self.fresh))
        #expect(t.endInput() == 0)
    }

    @Test("resizing the terminal at the prompt neither crashes nor garbles the next query")
    func resizeAtPrompt() throws {
        let (t, _) = try Self.start()
        #expect(t.wait(until: Self.fresh))
        for (columns, rows) in [(60, 20), (100, 30), (40, 12), (120, 40)] {
            t.resize(columns: columns, rows: rows)
            usleep(50_000)
        }
        t.signal(SIGWINCH)
        usleep(100_000)
        t.send("orders where status = busy count\r")
        #expect(t.waitFor("(1 row"))
        #expect(t.waitFor("44"))
        #expect(t.wait(until: Self.fresh))

        // Resized in the middle of a line, on a terminal that keeps the screen as it was: the
        // line stays whole, once, and the next keys go on at the cursor.
        t.send("orders where status ")
        #expect(t.wait(timeout: 10) { $0.screen.cursorLine == Self.prompt + "orders where status" })
        t.resize(columns: 90, rows: 30, keepingScreen: true)
        usleep(300_000)
        #expect(
            t.wait(timeout: 10) { $0.screen.cursorLine == Self.prompt + "orders where status" },
            "after the resize the line reads \(t.screen.cursorLine)")
        for _ in 0..<5 {
            t.resize(columns: 70, rows: 25, keepingScreen: true)
            t.resize(columns: 90, rows: 30, keepingScreen: true)
        }
        usleep(100_000)
        t.send("= busy")
        #expect(t.wait(timeout: 10) { $0.screen.text.contains(Self.prompt + "orders where status = busy") })
        t.send(" count\r")
        #expect(t.waitFor("(1 row", count: 2))
        #expect(!t.transcript.contains("error"))
        #expect(t.wait(until: Self.fresh))
        #expect(t.endInput() == 0)
    }
}
