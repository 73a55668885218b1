// The plan's scan (ARCHITECTURE "Round three"): one case per source, each with
// what that source reads, and the expansion of orders into call attempts a node
// over the API's scan — while the mirror reads its own table of attempts.

import CallbotAPI
import CallqPlanner
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct ScanPlanTests {
    func plan(_ text: String) throws -> Plan {
        guard case .query(let q) = try Checker.check(text, context: T.context) else {
            throw Diagnostic(.unexpectedToken, "not a query", at: .none)
        }
        return try Planner.plan(q)
    }

    @Test func oneCasePerSource() throws {
        guard case .api(let tasks) = try plan("orders where status = busy").scan else { Issue.record("not api"); return }
        #expect(tasks.map(\.requests) == [[ListOrderOptions(callStatus: [10])]])
        guard case .file("x.ndjson") = try plan("orders from file 'x.ndjson'").scan else { Issue.record("not a file"); return }
        guard case .stdin = try plan("orders from stdin").scan else { Issue.record("not stdin"); return }
        guard case .taskList = try plan("tasks").scan else { Issue.record("not listTask"); return }
        let m = try plan("orders from mirror where duration > 5")
        guard case .mirror(let scan) = m.scan else { Issue.record("not the mirror"); return }
        #expect(scan.condition == "(duration > ?)" && scan.arguments == [.int(5)])
        #expect(!m.readsAttempts && m.calls == nil && m.tasks.isEmpty)
    }

    @Test func attemptsAreANodeOverTheOrdersOfTheAPI() throws {
        let p = try plan("calls where finish = true and status = busy")
        guard case .attempts(let calls, .api(let tasks)) = p.scan else { Issue.record("not an expansion: \(p.scan)"); return }
        #expect(calls.detailBatch == 500)
        #expect(tasks.map(\.requests) == [[ListOrderOptions(finish: 2)]])
        #expect(p.readsAttempts && p.tasks == tasks && p.mirror == nil)
        // The mirror keeps attempts in their own table: no expansion, its query reads them.
        let m = try plan("calls from mirror where status = busy")
        guard case .mirror(let scan) = m.scan else { Issue.record("not the mirror: \(m.scan)"); return }
        #expect(scan.condition == "(status = ?)" && m.readsAttempts && m.calls == nil)
    }
}
