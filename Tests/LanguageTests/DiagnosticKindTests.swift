// Every kind of diagnostic is produced by some input, and each renders with a
// caret inside the source line.

import CallqPlanner
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct DiagnosticKindTests {
    static let samples: [(Diagnostic.Kind, String)] = [
        (.invalidCharacter, "orders where a & b"), (.unclosedString, "orders where name = 'x"),
        (.invalidNumber, "orders limit 12x"), (.invalidEscape, "orders where name = '\\q'"),
        (.unexpectedToken, "orders where status = busy )"), (.missingValue, "orders where duration >"),
        (.tooDeep, "orders where " + String(repeating: "(", count: 70) + "a = 1" + String(repeating: ")", count: 70)),
        (.unknownStatement, "select *"), (.unknownField, "orders where staus = 1"),
        (.unknownValue, "orders where status = bussy"), (.unknownVariable, "orders where duration > $nope"),
        (.unknownFunction, "orders stats mean(duration)"), (.typeMismatch, "orders where duration > 'x'"),
        (.invalidTime, "orders where started > 'soon'"), (.invalidRegex, "orders where name ~ '['"),
        (.invalidSetting, "set colour = red"), (.turnsPlacement, "orders where turns > 1 or status = busy"),
        (.noTask, "orders"), (.invalidClause, "orders page 0")
    ]

    @Test func everyKindHasAnExample() {
        #expect(Set(DiagnosticKindTests.samples.map(\.0)) == Set(Diagnostic.Kind.allCases))
    }

    @Test(arguments: DiagnosticKindTests.samples.map { "\($0.0.rawValue)|\($0.1)" })
    func produces(_ sample: String) {
        let parts = sample.split(separator: "|", maxSplits: 1).map(String.init)
        var ctx = T.context
        ctx.defaultTasks = []
        var found: Diagnostic?
        do {
            if case .query(let q) = try Checker.check(parts[1], context: ctx) { _ = try Planner.plan(q) }
        } catch {
            found = error
        }
        #expect(found?.kind.rawValue == parts[0], "\(parts[1]) gave \(String(describing: found))")
        let rendered = found?.render(source: parts[1]) ?? ""
        #expect(rendered.contains("^"), "no caret: \(rendered)")
    }

    @Test func settingsTheSessionKnows() throws {
        for text in ["set on_bad_line = skip", "set format = auto", "set timezone = 'UTC'", "set tz = Z", "set size 50"] {
            _ = try Checker.check(text, context: T.context)
        }
    }
}
