// Gathering every error of a statement (`Checker.diagnostics`) on the deepest
// conditions the parser accepts, each with a mistake at the bottom, fits the
// 512 KB stack of a Dispatch worker, as checking them does (StackDepthTests).
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

@Suite struct GatherStackTests {
    @Test(arguments: 0..<StackDepthTests.worstCases.count)
    func deepConditionsWithErrorsFitASmallStack(_ index: Int) async {
        let text = StackDepthTests.worstCases[index]
            .replacingOccurrences(of: "status = busy", with: "staus = busy")
            .replacingOccurrences(of: "duration > 1", with: "duration > $nope")
            .replacingOccurrences(of: "now - 1h", with: "nw - 1h")
        let count: Int = await withCheckedContinuation { done in
            let thread = Thread { done.resume(returning: Checker.diagnostics(text, context: T.context).count) }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(count >= 1, "\(text.prefix(80))")
    }
}
