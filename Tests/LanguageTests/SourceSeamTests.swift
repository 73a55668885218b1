// The source seam (ARCHITECTURE "Round three"): every source splits a filter into
// pushed + residual without losing or doubling a conjunct, says itself whether it
// answers a count, and explain shows its own scan and pushed lines.

import CallqPlanner
import CallqSemantics
import Testing

@Suite struct SourceSeamTests {
    func plan(_ text: String, settings: PlanSettings = PlanSettings()) throws -> Plan {
        let checked = try Checker.check(text, context: T.context)
        guard case .query(let q) = checked else {
            Issue.record("not a query: \(text)")
            throw CancellationError()
        }
        return try Planner.plan(q, settings: settings)
    }

    static let filter = "status in (6, 10) and duration > 3 and phone like '%5%' and not finish = true"
    /// The callq text of each conjunct of `filter` as the checker writes it.
    static let conjuncts: Set<String> = [
        "callStatus in (completed, busy)", "callDuration > 3", "userPhone like '%5%'", "finish != true"
    ]

    /// Pushed and residual conjuncts of each source, and how each answers a plain `count`.
    @Test(arguments: [
        ("orders", ["callStatus in (completed, busy)", "callDuration > 3"], Plan.CountStrategy.pushedTotal),
        ("orders from mirror", ["callStatus in (completed, busy)", "callDuration > 3"], .mirrorCount),
        ("calls", [], .scan),
        ("calls from mirror", ["callStatus in (completed, busy)", "callDuration > 3"], .scan),
        ("orders from file 'x.ndjson'", [], .scan),
        ("orders from stdin", [], .scan)
    ])
    func eachSourceSplitsTheFilterWhole(_ source: String, _ pushed: [String], _ count: Plan.CountStrategy) throws {
        let p = try plan("\(source) where \(Self.filter)")
        let residual = p.residual?.conjuncts.map(\.callqText) ?? []
        #expect(p.pushed.map(\.callqText) == pushed, "\(source)")
        // Every conjunct is pushed or residual, once (none is both: recheck is off).
        #expect(Set(p.pushed.map(\.callqText) + residual) == Self.conjuncts, "\(source): \(residual)")
        #expect(p.pushed.count + residual.count == Self.conjuncts.count, "\(source)")
        // A count whose filter the source answers whole is answered by the source.
        let whole = try plan("\(source) where status in (6, 10) and duration > 3 count")
        #expect(whole.count == count, "\(source)")
        #expect(try plan("\(source) where \(Self.filter) count").count == .scan, "\(source)")
    }

    @Test func theTaskListPushesNothingAndScansToCount() throws {
        let p = try plan("tasks where name like 'a%' count")
        #expect(p.pushed.isEmpty && p.residual != nil && p.count == .scan)
        #expect(p.explain().contains("source: api listTask"))
        #expect(!p.explain().contains("pushed:"))
    }

    /// Each source's explain lines: its own source line, and a `pushed:` line only where it pushes.
    @Test func explainShowsEachSourcesOwnLines() throws {
        let api = try plan("orders where (status = busy and duration > 3) or status = 11").explain()
        #expect(api.contains("source: api, 1 task\n") && api.contains("  request 1: options {\"callStatus\":[10,11]}"))
        #expect(api.contains("narrowed by (also in the residual): "))
        let calls = try plan("calls where finish = true").explain()
        #expect(calls.contains("(calls: listOrder enumerates the orders, listOrderDetail reads their attempts)"))
        #expect(calls.contains("  then: listOrderDetail of the orders' ids"))
        let mirror = try plan("orders from mirror where duration > 3 count").explain()
        #expect(
            mirror.contains(
                "  sql: SELECT count(*) FROM mirror_order INDEXED BY mirror_order_columns WHERE task_key = ? AND (+duration > ?)  -- 3\n"
            )
        )
        #expect(mirror.contains("pushed: callDuration > 3\n"))
        let file = try plan("orders from file 'x.ndjson' where duration > 3").explain()
        #expect(file.contains("source: file 'x.ndjson'") && !file.contains("pushed:"))
    }

    /// `recheck` keeps the API's pushed conjuncts in the residual too, and then never pushes `count`.
    @Test func recheckKeepsPushedConjunctsInTheResidual() throws {
        let p = try plan("orders where status = busy count", settings: PlanSettings(recheck: true))
        #expect(p.pushed.map(\.callqText) == ["callStatus = busy"])
        #expect(p.residual?.callqText == "callStatus = busy")
        #expect(p.count == .scan)
    }
}
