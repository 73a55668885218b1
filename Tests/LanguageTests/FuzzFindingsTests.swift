// What fuzzing and writing its harness turned up, each pinned with the
// behaviour it has now (the inputs themselves are replayed from Fuzz/query).

import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

@Suite struct FuzzFindingsTests {
    /// A quote or backslash followed by a combining mark is one Character; it must still be escaped.
    @Test(arguments: ["'\u{301}", "\\\u{59E}", "a'\u{301}b\\\u{301}", "\r\n", "x\u{301}'"])
    func printerEscapesBeforeCombiningMarks(_ s: String) throws {
        let printed = Printer.quote(s)
        let tokens = try Lexer.tokenize(printed)
        #expect(tokens.count == 2)
        #expect(tokens.first?.kind == .string(s), "printed as \(printed.debugDescription)")
    }

    @Test(arguments: [
        "orders where started > now + 9223372036854775807",
        "orders where started > '2024-11-24' + 9223372036854775807",
        "orders where duration > -9223372036854775807 - 1h",
        "orders where duration > 1d - -9223372036854775807"
    ])
    func offsetsOutOfRangeAreDiagnostics(_ text: String) {
        let d = T.error(text)
        #expect(d?.kind == .invalidNumber, "\(String(describing: d))")
    }

    @Test func offsetFromAVariableHoldingIntMin() {
        var ctx = T.context
        ctx.variables["v"] = .value(try! Parser.parseValue("-9223372036854775807 - 1"))
        #expect(T.error("orders where duration > 5 - $v", context: ctx)?.kind == .invalidNumber)
        #expect(T.error("orders where duration > 5 + $v", context: ctx) == nil)
    }

    @Test func timesFormatAcrossTheWholeIntRange() {
        #expect(TimeLiteral.format(0) == "1970-01-01T00:00:00Z")
        #expect(TimeLiteral.format(-1) == "1969-12-31T23:59:59Z")
        #expect(TimeLiteral.format(TimeLiteral.formattable.lowerBound) == "0000-01-01T00:00:00Z")
        #expect(TimeLiteral.format(TimeLiteral.formattable.upperBound) == "9999-12-31T23:59:59Z")
        _ = TimeLiteral.format(.min)
        _ = TimeLiteral.format(.max)
        let utc = TimeZone(identifier: "UTC")!
        for t in [TimeLiteral.formattable.lowerBound, 0, 1_732_536_000, TimeLiteral.formattable.upperBound] {
            #expect(TimeLiteral.parse(TimeLiteral.format(t), timeZone: utc) == t)
        }
    }

    /// Explain shows times outside years 0000–9999 as epoch seconds, which check back to the same test.
    @Test func timesWithoutALiteralPrintAsSeconds() throws {
        let f = try T.filter("started > 300000000000 and ended < -9223372036854775807")
        #expect(f.callqText == "callStartTs > 300000000000 and callEndTs < -9223372036854775807")
        expectTrue(try T.filter(f.callqText) == f)
    }

    @Test func variablesThatMultiplyAreRefused() {
        var ctx = T.context
        ctx.variables["c0"] = .expr(try! Parser.parseExpression("status = busy"))
        ctx.variables["d0"] = .value(try! Parser.parseValue("1s"))
        for k in 1...12 {
            ctx.variables["c\(k)"] = .expr(
                try! Parser.parseExpression(Array(repeating: "$c\(k - 1)", count: 4).joined(separator: " or ")))
            ctx.variables["d\(k)"] = .value(
                try! Parser.parseValue(Array(repeating: "$d\(k - 1)", count: 4).joined(separator: " + ")))
        }
        let started = Date()
        #expect(T.error("orders where $c12", context: ctx)?.kind == .tooDeep)
        #expect(T.error("orders where duration > $d12", context: ctx)?.kind == .tooDeep)
        #expect(T.error("orders where $c4", context: ctx) == nil)  // 4 + 16 + 64 + 256 = 340 substitutions
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func plansThatWouldNeedTooManyRequestsAreRefused() throws {
        let values = (0..<16).map { "'v\($0)'" }.joined(separator: ", ")
        let q = try #require(
            try? T.query(
                "orders where id in (\(values)) and intentID in (\(values)) and intent in (\(values)) and intentTag in (\(values))"
            ))
        var d: Diagnostic?
        do { _ = try Planner.plan(q, settings: PlanSettings(idsPerList: 1)) } catch { d = error }
        #expect(d?.kind == .invalidClause)
        #expect(d?.message.contains("65536 requests") == true)
        let plan = try Planner.plan(q, settings: PlanSettings(idsPerList: 2))
        #expect(plan.tasks.first?.requests.count == 4096)
    }

    /// Did-you-mean skips candidates whose length alone puts them out of reach: a huge word is quick.
    @Test func suggestionsForAHugeWordAreQuick() {
        let word = String(repeating: "x", count: 200_000)
        let started = Date()
        #expect(EditDistance.suggest(word, among: Catalog.orders.allNames + LanguageCatalog.keywords) == nil)
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(EditDistance.suggest("staus", among: Catalog.orders.allNames) == "status")
    }
}

extension T {
    /// The checked query of `text`.
    static func query(_ text: String) throws -> CheckedQuery {
        guard case .query(let q) = try Checker.check(text, context: T.context) else {
            throw Diagnostic(.unexpectedToken, "not a query", at: .none)
        }
        return q
    }
}
