// `callq --check`: parse and check every statement of a script, keeping the
// session effects (`use task`, `let`, `set tz`) between them, and report
// every error rather than the first.

import CallqSyntax
import Foundation

extension Checker {
    /// Every diagnostic in `script`, positions relative to the whole script.
    public static func checkScript(_ script: String, context: CheckContext) -> [Diagnostic] {
        var ctx = context
        var out: [Diagnostic] = []
        for s in ScriptSplitter.split(script) {
            do {
                let stmt = try Parser.parse(s.text, origin: s.origin)
                switch try check(stmt, context: ctx) {
                case .useTask(let ids): ctx.defaultTasks = ids
                case .letVariable(let name, let value): ctx.variables[name] = value
                case .set(name: "tz", value: .text(let tz)): ctx.timeZone = TimeZone(identifier: tz) ?? ctx.timeZone
                default: break
                }
            } catch {
                out.append(error)
            }
        }
        return out
    }
}
