// `calls` in the language stages (SPEC §11): the statement parses and prints
// back, checks against the calls catalog (attempt, attempts; no turns), keeps
// only the order-level listOrder options, never answers `count` from
// totalCount, carries detail_batch into the plan, and gives hints across the
// two catalogs.

import CallbotAPI
import CallqPlanner
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct CallsLanguageTests {
    func query(_ text: String) throws -> CheckedQuery {
        guard case .query(let q) = try Checker.check(text, context: T.context) else {
            throw Diagnostic(.unexpectedToken, "not a query", at: .none)
        }
        return q
    }

    @Test(arguments: [
        "calls", "calls in task 'A', 'B' where attempt > 1 select orderID, attempt",
        "calls from mirror", "calls from mirror in task 'A' count by attempt",
        "explain calls where attempts >= 3 limit 5"
    ])
    func printsBackToTheSameTree(_ text: String) throws {
        let s = try Parser.parse(text)
        #expect(Printer.print(s) == text)
        #expect(try Parser.parse(Printer.print(s)) == s)
    }

    @Test func callsAndOrdersAreDifferentTrees() throws {
        #expect(try Parser.parse("calls") != Parser.parse("orders"))
    }

    @Test func theCallsCatalog() throws {
        let c = Catalog.calls
        #expect(c.field(named: "attempt")?.type == .integer && c.field(named: "attempts") != nil)
        #expect(c.field(named: "turns") == nil && Catalog.orders.field(named: "attempt") == nil)
        for name in ["status", "duration", "intent", "intentTag", "intentID"] {
            #expect(c.field(named: name)?.pushdown == nil, "\(name)")
            #expect(Catalog.orders.field(named: name)?.pushdown != nil, "\(name)")
        }
        #expect(c.field(named: "orderID")?.pushdown == .orderID)
        #expect(c.field(named: "finish")?.pushdown == .finish)
        #expect(c.field(named: "task")?.pushdown == .userTaskID)
        #expect(c.field(named: "status")?.help.contains("this attempt") == true)
    }

    @Test func onlyOrderLevelConjunctsArePushed() throws {
        let p = try Planner.plan(
            query(
                "calls where finish = false and status = busy and duration > 30 "
                    + "and orderID in ('a', 'b') and intent = 'x'"))
        #expect(p.tasks.map(\.requests) == [[ListOrderOptions(orderID: ["a", "b"], finish: 1)]])
        #expect(p.residual?.callqText == "callStatus = busy and callDuration > 30 and intentName = 'x'")
        #expect(p.calls == CallsPlan(detailBatch: 500))
        #expect(p.noun == "calls")
    }

    @Test func countIsNeverAnsweredFromTotalCount() throws {
        let p = try Planner.plan(query("calls where finish = true count"))
        guard case .scan = p.count else { Issue.record("calls count pushed: \(p.count)"); return }
        let q = try Planner.plan(query("calls count by finish"))
        guard case .scan = q.count else { Issue.record("calls count by finish pushed: \(q.count)"); return }
    }

    @Test func detailBatchComesFromTheSettings() throws {
        let p = try Planner.plan(query("calls"), settings: PlanSettings(detailBatch: 120))
        #expect(p.calls?.detailBatch == 120)
        #expect(try Planner.plan(query("orders")).calls == nil)
        #expect(SettingSpec.named("detail_batch")?.defaultValue == .integer(500))
        #expect(SettingSpec.named("sync_calls")?.defaultValue == .flag(false))
    }

    @Test func hintsAcrossTheCatalogs() {
        let turns = T.error("calls where turns > 3")
        #expect(turns?.hint?.contains("last call") == true, "\(String(describing: turns))")
        let attempt = T.error("orders where attempt = 1")
        #expect(attempt?.hint?.contains("calls") == true, "\(String(describing: attempt))")
        let file = T.error("calls from file 'x.ndjson'")
        #expect(file?.message.contains("API or the mirror") == true)
    }

    @Test func aConditionVariableMayUseCallFields() throws {
        guard case .letVariable(let name, let value) = try Checker.check("let retried = (attempt > 1)", context: T.context) else {
            Issue.record("not a let")
            return
        }
        var ctx = T.context
        ctx.variables[name] = value
        guard case .query(let q) = try Checker.check("calls where $retried and status = busy", context: ctx) else {
            Issue.record("not a query")
            return
        }
        #expect(q.filter?.callqText == "attempt > 1 and callStatus = busy")
        #expect(T.error("let nope = (attempts_x > 1)") != nil)
    }

    @Test func selectStarListsTheCallsFields() throws {
        let q = try query("calls select *")
        let names = q.columns.map(\.name)
        #expect(names.contains("attempt") && names.contains("attempts") && !names.contains("turnTime"))
        let plain = try query("calls format csv")
        #expect(
            plain.columns.map(\.name) == [
                "orderID", "attempt", "attempts", "userPhone", "callStatus",
                "callDuration", "callStartTs", "hangupCause"
            ])
    }
}
