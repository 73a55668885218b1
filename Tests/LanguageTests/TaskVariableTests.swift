// A task id may be a variable holding one (#26 item 7): `orders in task $t`,
// `use task $t`, `sync task $t`, from `let t = '…'` or `-D t=…`; a variable that
// holds anything but text is refused at the variable.

import CallqSemantics
import CallqSyntax
import Testing

@Suite struct TaskVariableTests {
    static let context = CheckContext(
        variables: [
            "t": .value(Value(.string("task-a"))), "d": .text("task-b"),
            "n": .value(Value(.integer(5)))
        ],
        timeZone: T.context.timeZone, now: T.now, defaultTasks: ["T1"])

    @Test func aVariableStandsForATaskID() throws {
        let q = try T.query("orders in task $t, 'c' count", context: Self.context)
        #expect(q.source == .api(tasks: ["task-a", "c"], explicit: true))
        #expect(
            try T.query("orders from mirror in task $d", context: Self.context).source
                == .mirror(tasks: ["task-b"], explicit: true))
        #expect(try T.query("calls in task $d", context: Self.context).source == .api(tasks: ["task-b"], explicit: true))
        guard case .useTask(let ids) = try Checker.check("use task $d", context: Self.context) else {
            Issue.record("not a use statement")
            return
        }
        #expect(ids == ["task-b"])
        guard case .sync(let synced, _) = try Checker.check("sync task $t full", context: Self.context) else {
            Issue.record("not a sync statement")
            return
        }
        #expect(synced == ["task-a"])
    }

    @Test func theVariableIsPrintedAsWritten() throws {
        #expect(Printer.print(try Parser.parse("orders in task $t, 'x' count")) == "orders in task $t, 'x' count")
        #expect(Printer.print(try Parser.parse("use task $t")) == "use task $t")
    }

    @Test func aVariableThatIsNoTaskIDIsRefused() throws {
        let notText = try #require(T.error("orders in task $n", context: Self.context))
        #expect(notText.message == "`$n` is the number 5, not a task id")
        #expect(notText.range.start.column == 16)
        let unknown = try #require(T.error("use task $x", context: Self.context))
        #expect(unknown.message == "unknown variable `$x`")
    }
}
