// The largest inputs the parser accepts (32 levels of nesting, 128 chained
// operators) are parsed, checked, planned and printed on a thread with a
// 512 KB stack — the size of a Dispatch worker's — without overflowing.

import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

@Suite struct StackDepthTests {
    static let worstCases = [
        "orders where " + String(repeating: "(", count: 31) + Array(repeating: "status = busy", count: 120).joined(separator: " or ")
            + String(repeating: ")", count: 31),
        "orders where " + Array(repeating: "not (duration > 1 and name like 'a%')", count: 60).joined(separator: " or "),
        "orders where " + String(repeating: "not (", count: 15) + "status = busy" + String(repeating: ")", count: 15),
        "orders where started > now" + String(repeating: " - 1h", count: 125),
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
}
