// `finish in (true)` means `finish = true` and is sent to listOrder the same way
// (issue 26 item 14: it was accepted but filtered on the client).
import CallqPlanner
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct FinishInPushdownTests {
    func plan(_ text: String) throws -> Plan {
        guard case .query(let q) = try Checker.check(text, context: T.context) else {
            throw Diagnostic(.unexpectedToken, "not a query", at: .none)
        }
        return try Planner.plan(q)
    }

    @Test func finishInOneValueIsPushedLikeEquals() throws {
        for (text, code) in [
            ("orders where finish in (true) count", 2), ("orders where finish in (false)", 1),
            ("orders where finish in (true, true) and status = busy", 2)
        ] {
            let p = try plan(text)
            #expect(p.residual == nil, "\(text)")
            #expect(p.tasks.first?.requests.first?.finish == code, "\(text)")
        }
    }

    @Test func bothValuesStayOnTheClient() throws {
        let p = try plan("orders where finish in (true, false)")
        #expect(p.residual != nil)
        #expect(p.tasks.first?.requests.first?.finish == nil)
    }
}
