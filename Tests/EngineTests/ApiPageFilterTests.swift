// Queries over the API whose filter is tested on each page as it is read (slots,
// no tree for orders that fail) answer exactly as when the filter is tested on
// trees, and count the same orders scanned: on a plain server, on servers whose
// pages do not add up (repeats, short and empty pages, orders without orderID,
// where de-duplication must see the orders the filter dropped), over two tasks.
// Runs are made for a writer (ndjson), as the CLI makes them: `CallqSession.rows`
// reads whole orders, and whole orders are not slot-read.
import CallbotAPI
import CallbotSimulator
import CallqJSON
import CallqKit
import Foundation
import Testing

@testable import CallqEngine

@Suite struct ApiPageFilterTests {
    /// A filter slots hold, and the same filter with a test they cannot (a list field), which
    /// makes the pages be read as trees and filtered by the executor.
    static let slotFilter = "(status in (6, 10, 11) and duration > 3) or orderID = 'none'"
    static let treeFilter = slotFilter + " or intent = 'no such intent'"

    static let servers: [HostilePaging?] = [nil, .repeatFirstPage, .withoutOrderID(2), .shortPage(2), .emptyPage(3)]

    /// A run of `text` over `h`'s simulator, made for an ndjson writer; and whether its pages are
    /// filtered as they are read.
    static func run(_ h: Harness, _ text: String) throws -> (QueryRun, Bool) {
        let context = CheckContext(defaultTasks: [h.sim.taskIDs[0]])
        guard case .query(let q) = try Checker.check(text, context: context) else { throw CancellationError() }
        let plan = try Planner.plan(q)
        let client = CallbotClient(config: CallbotClientConfig(baseURL: h.sim.baseURL, credentials: h.sim.credentials))
        let run = QueryRun(plan: plan, context: ExecutionContext(client: client), delivery: .written(.ndjson))
        return (run, OrderPageFilter(plan: plan, stages: run.stages) != nil)
    }

    /// The rows of `text` (the order's bytes when they are the row, and the column values) and
    /// the orders it scanned.
    static func rows(_ h: Harness, _ text: String, slots: Bool) async throws -> ([String], Int) {
        let (run, filtered) = try run(h, text)
        #expect(filtered == slots, "\(text)")
        var out: [String] = []
        for try await batch in run {
            for row in batch {
                let raw = row.passRaw ? String(decoding: row.order?.raw ?? [], as: UTF8.self) : ""
                out.append(raw + " \(row.values)")
            }
        }
        return (out, run.statistics.snapshot.ordersScanned)
    }

    @Test(arguments: 0..<5)
    func pagesFilteredAsTheyAreReadAnswerAsTrees(_ k: Int) async throws {
        var faults = Faults()
        faults.hostilePaging = Self.servers[k]
        let h = try await Harness.start(orders: 700, faults: faults)
        defer { Task { await h.stop() } }
        let tasks = "in task '\(h.sim.taskIDs[0])', '\(h.sim.taskIDs[1])' "
        for (scope, statement) in [
            ("", ""), ("", "select orderID, duration, status"), ("", "count"),
            ("", "stats count(), max(duration) by status"), ("", "select orderID order by duration desc limit 7"),
            ("", "select orderID limit 30"), (tasks, "select orderID, task"), (tasks, "stats count() by task")
        ] {
            let (a, scannedA) = try await Self.rows(h, "orders \(scope)where \(Self.slotFilter) \(statement)", slots: true)
            let (b, scannedB) = try await Self.rows(h, "orders \(scope)where \(Self.treeFilter) \(statement)", slots: false)
            #expect(
                a == b,
                "\(statement): \(a.count) rows vs \(b.count); first difference \(zip(a, b).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "none")"
            )
            #expect(scannedA == scannedB, "\(statement): \(scannedA) scanned vs \(scannedB)")
            #expect(!a.isEmpty, "\(statement)")
        }
    }

    /// The pushdown property (PushdownPropertyTests) through pages filtered as they are read:
    /// random filters give exactly the orders a full local scan selects.
    @Test func randomFiltersOnSlotReadPagesEqualALocalScan() async throws {
        let h = try await Harness.start(seed: 11, tasks: 1, orders: 400)
        defer { Task { await h.stop() } }
        let orders = h.firstTask.orders
        var gen = QueryGenerator(orders: orders, seed: 2807)
        var failures: [String] = []
        var (slotted, nonTrivial) = (0, 0)
        for _ in 0..<300 {
            let (expr, turnsAbove) = gen.expression()
            guard turnsAbove == nil else { continue }
            let text = "orders where " + expr
            guard case .query(let q) = try Checker.check(text, context: CheckContext(defaultTasks: ["t"])) else {
                Issue.record("not a query: \(text)")
                continue
            }
            let expected = orders.filter { q.filter?.evaluate($0.json) ?? true }.map { String(decoding: $0.raw, as: UTF8.self) }
            let (run, filtered) = try Self.run(h, text)
            if filtered { slotted += 1 }
            var got: [String] = []
            for try await batch in run { got += batch.map { String(decoding: $0.order?.raw ?? [], as: UTF8.self) } }
            if !expected.isEmpty && expected.count < orders.count { nonTrivial += 1 }
            if got != expected {
                failures.append("\(text)\n  expected \(expected.count) rows, got \(got.count)")
                if failures.count > 5 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(slotted > 60 && nonTrivial > 100, "\(slotted) slot-read, \(nonTrivial) selective")
    }
}
