// The plan is final: the checker resolves the output once (format or auto, `into`,
// chart columns), the planner derives what a run reads for raw-record output, and
// "is this a count" is judged by meaning, not by the output's name.

import CallqPlanner
import CallqResult
import CallqSemantics
import CallqSyntax
import Foundation
import Testing

@Suite struct FinalPlanTests {
    func plan(_ text: String, format setting: OutputFormat? = nil) throws -> Plan {
        var context = T.context
        context.format = setting
        return try Planner.plan(try T.query(text, context: context))
    }

    @Test func theCheckerResolvesTheFormatOnce() throws {
        #expect(try plan("orders format csv into 'x.json'", format: .table).output.format == .written(.csv))
        #expect(try plan("orders into 'x.json'", format: .table).output.format == .path(.json))
        #expect(try plan("orders into 'x.data'", format: .csv).output.format == .setting(.csv))
        #expect(try plan("orders", format: .markdown).output.format == .setting(.markdown))
        let auto = try plan("orders")
        #expect(auto.output.format == .auto)
        #expect(auto.output.format(terminal: true) == .table)
        #expect(auto.output.format(terminal: false) == .ndjson)
        // Into a file without an extension, auto is NDJSON even from a terminal; an extension
        // callq does not write is an error unless a format is said (#26 item 10).
        #expect(throws: Diagnostic.self) { try plan("orders into 'x.data'") }
        let file = try plan("orders into 'x'")
        #expect(file.output.format(terminal: true) == .ndjson)
        #expect(file.output.knownFormat == .ndjson)
    }

    @Test func chartColumnsAreResolvedByTheChecker() throws {
        let p = try plan("orders stats min(name), count() by status, finish format chart")
        #expect(p.output.chart == ChartColumns(keys: 2, value: 3))
        let setting = try plan("orders count by status", format: .chart)
        #expect(setting.output.chart == ChartColumns(keys: 1, value: 1))
        #expect(try plan("orders count by status format csv").output.chart == nil)
    }

    @Test func rawRecordReadingIsDerivedByThePlanner() throws {
        let p = try plan("orders where status = busy order by duration")
        let raw = p.reading(for: .written(.ndjson))
        #expect(raw.rawRecords)
        // The status test is answered by the server: only the sort key is read.
        #expect(raw.keyPaths == [["callInfoDetail", "callDuration"], ["orderID"], ["userTaskID"]])
        #expect(p.reading(for: .written(.table)) == Reading(rawRecords: false, keyPaths: p.touchedPaths))
        #expect(p.reading(for: .wholeOrders) == Reading(rawRecords: false, keyPaths: [[]]))
        // With `select`, or rows of attempts, values are computed whatever the format.
        let selected = try plan("orders select id, duration")
        #expect(selected.reading(for: .written(.json)) == Reading(rawRecords: false, keyPaths: selected.touchedPaths))
        #expect(try plan("calls").reading(for: .written(.ndjson)).rawRecords == false)
    }

    @Test func aCountIsACountWhateverItIsCalled() throws {
        for text in [
            "orders count", "orders stats count()", "orders stats count() as n", "orders stats count() * 2 as twice",
            "orders where status = busy stats count() as n"
        ] {
            let p = try plan(text)
            guard case .pushedTotal = p.count else { Issue.record("`\(text)` is not pushed: \(p.count)"); continue }
            #expect(p.tasks.map(\.requests.count) == [1], "\(text)")
        }
        let byStatus = try plan("orders where status in (busy, rejected) stats count() as n by status")
        guard case .pushedGroups(let field, _) = byStatus.count else { Issue.record("not pushed by status"); return }
        #expect(field.name == "callStatus")
        #expect(try plan("orders from mirror stats count() as n").count == .mirrorCount)
        // Not a plain count: a condition, an argument, another aggregate.
        for text in ["orders stats countif(duration > 5)", "orders stats count(duration)", "orders stats count(), sum(duration)"]
        {
            #expect(try plan(text).count == .scan, "\(text)")
        }
    }
}
