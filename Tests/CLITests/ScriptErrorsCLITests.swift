// Script errors as `--check` and a run report them: every error of a statement,
// not only the first (issue 26 item 4), and every position counted from the file,
// also one the message names (item 5: "the `(` at 1:32" on line 9).
import Foundation
import Testing

@Suite struct ScriptErrorsCLITests {
    static let script = """
        -- weekly report
        let floor = 10
        orders where started >= $since and duration > $min and status in (busy, 11) and turns >= $mincalls count by agentGroup, staus
        """

    @Test func checkReportsEveryErrorOfAStatement() throws {
        let path = try writeTemp("report.cq", Self.script)
        let r = try callq(["--task", "T", "--check", path])
        #expect(r.status == 2)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(
            errors
                == [
                    "\(path):3:25: error: unknown variable `$since`",
                    "\(path):3:47: error: unknown variable `$min`",
                    "\(path):3:90: error: unknown variable `$mincalls`",
                    "\(path):3:121: error: unknown field `staus`"
                ].map { Substring($0) })
        #expect(r.stderr.contains("hint: did you mean `status`?"))
        // A run says the same before it sends anything.
        let run = try callq(["--demo", path])
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").filter { $0.contains(": error: ") } == errors)
    }

    @Test func selectItemsAndALetConditionAreCheckedPartByPart() throws {
        let path = try writeTemp(
            "list.cq",
            """
            let slow = (duration > $limit and staus = busy)
            orders where $slow select phone, nmae, duration, agnet
            """)
        let r = try callq(["--task", "T", "--check", path])
        #expect(r.status == 2)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 5)
        #expect(
            errors.map { $0.replacingOccurrences(of: path, with: "F") } == [
                "F:1:24: error: unknown variable `$limit`",
                "F:1:35: error: unknown field `staus`",
                "F:2:14: error: unknown variable `$slow`",
                "F:2:34: error: unknown field `nmae`",
                "F:2:50: error: unknown field `agnet`"
            ])
    }

    @Test func aPositionInTheMessageCountsFromTheFile() throws {
        let lines = [
            "-- report", "", "let floor = 10", "", "orders count", "", "", "",
            "orders where started >= '2024-11-01' and (duration > 5 or status = busy count"
        ]
        let path = try writeTemp("report.cq", lines.joined(separator: "\n") + "\n")
        let r = try callq(["--demo", "--check", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):9:73: error: expected `)` to close the `(` at 9:42"))
        #expect(!r.stderr.contains("at 1:42"))
        let run = try callq(["--demo", path])
        #expect(run.stderr.contains("\(path):9:73: error: expected `)` to close the `(` at 9:42"))
        // Inside a computed value too.
        let term = try writeTemp("t.cq", "\n\norders select (duration + 1 as d\n")
        let t = try callq(["--demo", "--check", term])
        #expect(t.stderr.contains("the `(` at 3:15"))
    }
}
