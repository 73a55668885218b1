// The Plan's structure for the cases the engine branches on: requests per
// task, residual, count strategy, group requests, paging and limit.

import CallbotAPI
import CallqJSON
import CallqPlanner
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct PlannerTests {
    func plan(_ text: String, _ settings: PlanSettings = PlanSettings()) throws -> Plan {
        guard case .query(let q) = try Checker.check(text, context: T.context) else {
            throw Diagnostic(.unexpectedToken, "not a query", at: .none)
        }
        return try Planner.plan(q, settings: settings)
    }

    @Test func pushedCountIsOneRequestWithoutResidual() throws {
        let p = try plan("orders where status = busy and duration between 10 and 20 count")
        guard case .pushedTotal = p.count else { Issue.record("count not pushed"); return }
        #expect(p.residual == nil)
        #expect(p.tasks.map(\.requests) == [[ListOrderOptions(callDuration: RangeOption(gt: 9, lt: 21), callStatus: [10])]])
    }

    @Test func groupedCountByFinish() throws {
        let p = try plan("orders where status = busy count by finish")
        guard case .pushedGroups(let by, let values) = p.count else { Issue.record("not grouped"); return }
        #expect(by.name == "finish")
        #expect(values == [.bool(true), .bool(false)])
        #expect(p.tasks[0].groupRequests.map(\.options.finish) == [2, 1])
        #expect(p.tasks[0].groupRequests.allSatisfy { $0.options.callStatus == [10] })
    }

    @Test func groupedCountByStatusKeepsOnlyAllowedCodes() throws {
        let p = try plan("orders where status = failed and status != 25 count by status")
        // `!= 25` stays in the residual, so the count is scanned.
        guard case .scan = p.count else { Issue.record("should scan"); return }
        let q = try plan("orders where status in (rejected, busy) count by status")
        guard case .pushedGroups(_, let values) = q.count else { Issue.record("not grouped"); return }
        #expect(values == [10, 12, 13])
    }

    @Test func countScansWithResidualRecheckOrPages() throws {
        for (text, settings) in [
            ("orders where name = 'x' count", PlanSettings()),
            ("orders where status = busy count", PlanSettings(recheck: true)),
            ("orders count page 2", PlanSettings())
        ] {
            guard case .scan = try plan(text, settings).count else { Issue.record("pushed: \(text)"); continue }
        }
    }

    @Test func contradictionSendsNothing() throws {
        let p = try plan("orders where finish = true and finish = false")
        #expect(p.isEmpty)
        #expect(p.tasks.count == 1 && p.tasks[0].requests.isEmpty)
        expectTrue(try !plan("orders where finish = true").isEmpty)
    }

    @Test func splitsLongLists() throws {
        let ids = (1...7).map { "'o\($0)'" }.joined(separator: ", ")
        let p = try plan("orders where id in (\(ids)) and status in (1, 2, 3)", PlanSettings(idsPerList: 3))
        #expect(p.tasks[0].requests.count == 3 * 1)
        #expect(p.tasks[0].requests.map { $0.orderID!.count } == [3, 3, 1])
        #expect(p.tasks[0].requests.allSatisfy { $0.callStatus == [1, 2, 3] })
    }

    @Test func turnsIsPushedAndNeverResidual() throws {
        let p = try plan("orders where turns >= 3 and name = 'x'", PlanSettings(recheck: true))
        #expect(p.tasks[0].requests == [ListOrderOptions(turnTime: RangeOption(gt: 2, lt: RangeOption.openHigh))])
        #expect(p.residual?.callqText == "userName = 'x'")
        #expect(T.error("orders where turns > 3 or name = 'x'")?.kind == .turnsPlacement)
        #expect(T.error("orders where not turns > 3")?.kind == .turnsPlacement)
        #expect(T.error("orders from file 'a' where turns > 3")?.kind == .turnsPlacement)
        #expect(T.error("orders count by turns")?.kind == .turnsPlacement)
    }

    @Test func fileSourcesKeepEverythingResidual() throws {
        let p = try plan("orders from stdin where status = busy count")
        #expect(p.tasks.isEmpty)
        #expect(p.residual?.callqText == "callStatus = busy")
        guard case .scan = p.count else { Issue.record("count pushed for stdin"); return }
    }

    @Test func pagingAndLimit() throws {
        let p = try plan("orders where status = busy limit 7 page 2..3 size 20", PlanSettings(pageSize: 50, maxPages: 9))
        // A limit without order by or groups is budgeted by the requests actually sent.
        #expect(p.paging == PagingPlan(pages: 2...3, size: 20, maxPages: 9, budget: .asSent))
        #expect(p.limit == 7)
        expectTrue(try plan("orders limit 7 order by duration", PlanSettings()).paging.budget == .upFront)
        expectTrue(try plan("orders count limit 7", PlanSettings()).paging.budget == .upFront)
        expectTrue(try plan("orders", PlanSettings(pageSize: 50)).paging.size == 50)
    }

    @Test func tasksFromWhere() throws {
        expectTrue(try plan("orders where task in ('A', 'B')").tasks.map(\.userTaskID) == ["A", "B"])
        expectTrue(try plan("orders in task 'A', 'B' where task = 'B'").tasks.map(\.userTaskID) == ["B"])
        var ctx = T.context
        ctx.defaultTasks = []
        let q = try T.query("orders where status = busy", context: ctx)
        var failed = false
        do { _ = try Planner.plan(q) } catch { failed = error.kind == .noTask }
        #expect(failed)
    }

    @Test func residualPrintsBackAsCallq() throws {
        let p = try plan("orders where not (status = busy or name like 'a%') and started > '2024-11-24' and agent != 'x'")
        let text = p.residual!.callqText
        #expect(
            text == "not (callStatus = busy or userName like 'a%') and callStartTs > '2024-11-24T00:00:00Z' and agentName != 'x'")
        // The printed residual checks to the same filter.
        let again = try T.filter(text)
        #expect(again == p.residual)
    }

    @Test func touchedPaths() throws {
        let q = try T.query("orders where intent = 'x' and agent = 'y' select param.city, duration")
        #expect(
            q.touchedPaths == [
                ["callInfoDetail", "agent", "agentName"], ["callInfoDetail", "callDuration"],
                ["callInfoDetail", "intents"], ["callInfoDetail", "params"], ["orderID"], ["userTaskID"]
            ])
    }
}
