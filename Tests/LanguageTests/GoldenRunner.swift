// Runs every golden case in Golden/: a script (the part before a line `----`)
// and the expected output after it — explain text or rendered errors.
// `CALLQ_UPDATE_GOLDEN=1 swift test` rewrites the expected parts (review the diff!).

import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

/// Runs a golden script: statements in order, session effects kept, output collected.
enum GoldenScript {
    static let separator = "\n----\n"

    /// The output for a script: each `explain` plan, each error rendered with its caret.
    static func run(_ script: String) -> String {
        var ctx = CheckContext(
            timeZone: TimeZone(identifier: "UTC")!,
            now: Date(timeIntervalSince1970: 1_732_536_000),  // 2024-11-25T12:00:00Z
            defaultTasks: ["T1"])
        if script.contains("--! no-default-task") { ctx.defaultTasks = [] }
        // Settings as the session keeps them: the table's defaults, changed by `set`.
        var values: [SettingKey: SettingValue] = [:]
        for spec in SettingSpec.all { values[spec.key] = spec.defaultValue }
        var out = ""
        for s in ScriptSplitter.split(script) {
            do {
                let stmt = try Parser.parse(s.text, origin: s.origin)
                switch try Checker.check(stmt, context: ctx) {
                case .explain(let q), .query(let q):
                    out += try Planner.plan(q, settings: PlanSettings { values[$0] }).explain()
                case .useTask(let ids): ctx.defaultTasks = ids
                case .letVariable(let n, let v): ctx.variables[n] = v
                case .set(let n, let v):
                    values[n] = v
                    ctx.apply(n, v)
                    // A setting that shows in no plan is echoed, so the golden records it.
                    if !PlanSettings.settingKeys.contains(n), n != .tz { out += "set \(n.rawValue) = \(v.text)\n" }
                case .ping: out += "ping\n"
                case .sync(let tasks, let full): out += "sync \(tasks.joined(separator: ", "))\(full ? " full" : "")\n"
                case .mirrors: out += "mirrors\n"
                case .help(let topic): out += "help \(topic ?? "")\n"
                case .watch(let w, _):
                    out += "watch every \(w.interval) s\(w.frames.map { " frames \($0)" } ?? ""): \(w.queryText)\n"
                }
            } catch {
                out += error.render(source: script)
            }
        }
        return out
    }
}

@Suite struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var caseNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".golden") }.sorted()
    }

    @Test func thereAreEnoughCases() {
        #expect(GoldenTests.caseNames.count >= 80)
    }

    @Test(arguments: GoldenTests.caseNames)
    func golden(_ name: String) throws {
        let url = GoldenTests.directory.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let parts = text.components(separatedBy: GoldenScript.separator)
        let script = parts[0]
        let expected = parts.count > 1 ? parts[1...].joined(separator: GoldenScript.separator) : ""
        let actual = GoldenScript.run(script)
        if ProcessInfo.processInfo.environment["CALLQ_UPDATE_GOLDEN"] == "1" {
            try (script + GoldenScript.separator + actual).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(actual == expected, "golden \(name) differs:\n--- expected\n\(expected)--- actual\n\(actual)")
    }
}
