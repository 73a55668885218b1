// The largest inputs the parser accepts (32 levels of nesting, 128 chained
// operators), and conditions nested through variables up to the checker's
// limit, are parsed, checked, planned and printed on a thread with a 512 KB
// stack — the size of a Dispatch worker's — without overflowing.

import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

@Suite struct StackDepthTests {
    static let worstCases = [
        "orders where " + String(repeating: "(", count: 31)
            + Array(repeating: "status = busy", count: 120).joined(separator: " or ")
            + String(repeating: ")", count: 31),
        "orders where " + Array(repeating: "not (duration > 1 and name like 'a%')", count: 60).joined(separator: " or "),
        "orders where " + String(repeating: "not (", count: 15) + "status = busy" + String(repeating: ")", count: 15),
        "orders where started > now" + String(repeating: " - 1h", count: 125),
        "orders where " + String(repeating: "not ", count: 31) + "status = busy",
        "orders where " + String(repeating: "not (duration > 1 and ", count: 15) + "status = busy"
            + String(repeating: ")", count: 15)
    ]

    @Test(arguments: 0..<StackDepthTests.worstCases.count)
    func worstCasesFitASmallStack(_ index: Int) async {
        let ok: Bool = await withCheckedContinuation { done in
            let thread = Thread {
                var all = true
                for text in [StackDepthTests.worstCases[index]] {
                    do {
                        let stmt = try Parser.parse(text)
                        _ = Printer.print(stmt)
                        if case .query(let q) = try Checker.check(stmt, context: T.context) {
                            let plan = try Planner.plan(q)
                            _ = plan.explain()
                            _ = q.filter?.evaluate(T.full)
                        }
                    } catch {
                        all = false
                    }
                }
                done.resume(returning: all)
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(ok)
    }

    /// Variables nest conditions past one statement's limit, up to `Checker.maxNesting`; every
    /// accepted depth still fits the small stack, and deeper ones are diagnostics.
    @Test func variablesUpToTheCheckersNestingLimit() async {
        var ctx = T.context
        ctx.variables["v0"] = .expr(try! Parser.parseExpression("status = busy"))
        for k in 1...12 {
            ctx.variables["v\(k)"] = .expr(
                try! Parser.parseExpression(
                    String(repeating: "not ", count: 6) + "($v\(k - 1) and duration > \(k))"))
        }
        let context = ctx
        let outcomes: [String] = await withCheckedContinuation { done in
            let thread = Thread {
                done.resume(
                    returning: (1...12).map { k in
                        do {
                            guard case .query(let q) = try Checker.check("orders where $v\(k) or id = 'x'", context: context)
                            else { return "?" }
                            _ = try Planner.plan(q).explain()
                            _ = q.filter?.evaluate(T.full)
                            return "ok"
                        } catch {
                            return (error as? Diagnostic)?.kind == .tooDeep ? "deep" : "\(error)"
                        }
                    })
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(outcomes.prefix(7).allSatisfy { $0 == "ok" }, "\(outcomes)")
        #expect(outcomes.suffix(3).allSatisfy { $0 == "deep" }, "\(outcomes)")
    }
}
