// `calls` end to end against the simulator over loopback (SPEC §11): one row per
// attempt, attempts oldest first, orders in listOrder order; count equals the
// sum of attempts; per-attempt filters; only order-level conjuncts pushed (the
// detail requests ask only for the ids listOrder returned); batching; a limit
// that stops early; every format and `into`; and a differential property test
// of random `calls` filters against a local evaluation over every attempt.
import CallbotAPI
import CallbotSimulator
import CallqJSON
import CallqKit
import CallqSemantics
import Foundation
import Testing

@Suite(.serialized) struct CallsTests {
    /// The calls rows a full read must return, built here from the simulator's histories:
    /// the order's fields, `attempt`, `attempts`, `callInfoDetail` = the attempt; oldest first.
    static func referenceRows(_ h: Harness, task: Int = 0) -> [JSONValue] {
        var out: [JSONValue] = []
        for (order, attempts) in h.sim.callHistories(task: h.sim.taskIDs[task]) {
            let sorted = attempts.enumerated().sorted { a, b in
                switch (a.element["callStartTs"]?.intValue, b.element["callStartTs"]?.intValue) {
                case let (x?, y?): return x != y ? x < y : a.offset < b.offset
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return a.offset < b.offset
                }
            }.map(\.element)
            var base = order.json.objectValue!
            base.members.removeAll { $0.key == "callInfoDetail" }
            for (k, a) in sorted.enumerated() {
                var o = base
                o.members += [
                    .init("attempt", .int(k + 1)), .init("attempts", .int(sorted.count)),
                    .init("callInfoDetail", a)
                ]
                out.append(.object(o))
            }
        }
        return out
    }

    static func lines(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    static func key(_ row: JSONValue) -> String {
        "\(row["orderID"]?.stringValue ?? "?")#\(row["attempt"]?.intValue ?? -1)"
    }

    @Test func everyAttemptOldestFirstInListOrderOrder() async throws {
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 300)
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        try await h.session.execute("calls")
        let got = try Self.lines(h.takeOutput())
        let expected = Self.referenceRows(h)
        #expect(got.count == expected.count)
        #expect(got == expected)
        #expect(expected.contains { ($0["attempts"]?.intValue ?? 0) >= 3 }, "the data should have orders dialled 3+ times")
        // 3 listOrder pages; the first page's 100 ids go to listOrderDetail at once, the other 200 together.
        #expect(h.sim.stats.count("listOrder") == 3)
        #expect(h.sim.stats.count("listOrderDetail") == 2)
        #expect(h.sim.stats.detailOrderIDs == h.firstTask.orders.compactMap(\.orderID))
    }

    @Test func attemptsOfOneKnownOrder() async throws {
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 300)
        defer { Task { await h.stop() } }
        let rows = Self.referenceRows(h)
        // An order with at least three attempts, and one with exactly one.
        let many = try #require(rows.first { ($0["attempts"]?.intValue ?? 0) >= 3 })["orderID"]!.stringValue!
        let history = try #require(h.sim.callHistory(task: h.firstTask.userTaskID, orderID: many))
        try await h.session.execute("calls where orderID = '\(many)' select attempt, attempts, callID, started, status")
        let got = try Self.lines(h.takeOutput())
        #expect(got.count == history.count)
        for (k, row) in got.enumerated() {
            #expect(row["attempt"]?.intValue == k + 1)
            #expect(row["attempts"]?.intValue == history.count)
            #expect(row["callID"] == history[k]["callID"])
            #expect(row["started"] == history[k]["callStartTs"])
        }
        // The last attempt is the order's own callInfoDetail (what listOrder shows).
        let order = try #require(h.firstTask.orders.first { $0.orderID == many })
        #expect(got.last?["callID"] == order.json["callInfoDetail"]?["callID"])
        let starts = got.compactMap { $0["started"]?.intValue }
        #expect(starts == starts.sorted())
    }

    @Test func countEqualsTheSumOfAttempts() async throws {
        let h = try await Harness.start(seed: 5, tasks: 2, orders: 250)
        defer { Task { await h.stop() } }
        let sum = h.sim.callHistories(task: h.firstTask.userTaskID).reduce(0) { $0 + $1.attempts.count }
        #expect(sum > 250)
        h.sim.resetStats()
        try await h.session.execute("calls count")
        #expect(h.takeOutput() == "{\"count\":\(sum)}\n")
        // Not answered from totalCount (that counts orders): the attempts were read (the first
        // page's 100 ids at once, then the other 150).
        #expect(h.sim.stats.count("listOrderDetail") == 2)
        // Two tasks: each task's ids go to their own detail requests (the first page alone).
        let both = sum + h.sim.callHistories(task: h.sim.taskIDs[1]).reduce(0) { $0 + $1.attempts.count }
        h.sim.resetStats()
        try await h.session.execute("calls in task '\(h.sim.taskIDs[0])', '\(h.sim.taskIDs[1])' count")
        #expect(h.takeOutput() == "{\"count\":\(both)}\n")
        #expect(h.sim.stats.count("listOrderDetail") == 3)
    }

    @Test func aFilterOnCallFieldsIsCheckedPerAttemptNotPushed() async throws {
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 300)
        defer { Task { await h.stop() } }
        let expected = Self.referenceRows(h).filter { $0["callInfoDetail"]?["callStatus"]?.intValue == 10 }.map(Self.key)
        #expect(!expected.isEmpty)
        h.sim.resetStats()
        try await h.session.execute("calls where status = busy select orderID, attempt")
        let got = try Self.lines(h.takeOutput()).map(Self.key)
        #expect(got == expected)
        // listOrder was asked for every order: its callStatus filter describes only the last call.
        #expect(h.sim.stats.count("listOrder") == 3)
        try await h.session.execute("explain calls where status = busy")
        let plan = h.takeOutput()
        #expect(plan.contains("request 1: options {}"), "\(plan)")
        #expect(plan.contains("residual: callStatus = busy"), "\(plan)")
    }

    @Test func finishIsPushedSoDetailRequestsAskOnlyForUnfinishedOrders() async throws {
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 400)
        defer { Task { await h.stop() } }
        let unfinished = h.firstTask.orders.filter { $0.finish != true }.compactMap(\.orderID)
        #expect(!unfinished.isEmpty && unfinished.count < 400)
        h.sim.resetStats()
        try await h.session.execute("calls where finish = false select orderID, attempt")
        let got = try Self.lines(h.takeOutput()).map(Self.key)
        #expect(h.sim.stats.detailOrderIDs == unfinished)
        let expected = Self.referenceRows(h).filter { $0["finish"]?.boolValue != true }.map(Self.key)
        #expect(got == expected)
        try await h.session.execute("explain calls where finish = false and attempt > 1")
        let plan = h.takeOutput()
        #expect(plan.contains("{\"finish\":1}") && plan.contains("residual: attempt > 1"), "\(plan)")
        // An orderID list is pushed too, and only those ids are asked for.
        let ids = Array(h.firstTask.orders.prefix(3).compactMap(\.orderID))
        h.sim.resetStats()
        try await h.session.execute("calls where orderID in ('\(ids.joined(separator: "', '"))') count")
        #expect(h.sim.stats.detailOrderIDs == ids)
        #expect(h.sim.stats.count("listOrder") == 1)
    }

    @Test func detailRequestsKeepToTheBatchAndConcurrency() async throws {
        let h = try await Harness.start(
            seed: 5, tasks: 1, orders: 1000,
            settings: [("detail_batch", "120"), ("concurrency", "3")])
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        try await h.session.execute("calls count")
        let sizes = h.sim.stats.detailBatchSizes
        #expect(sizes.allSatisfy { $0 <= 120 } && sizes.reduce(0, +) == 1000, "\(sizes)")
        #expect(sizes.count == 9)
        #expect(h.sim.stats.maxInFlight <= 6)  // 3 listOrder pages and 3 detail requests at most
    }

    @Test func moreThan500IdsAreHalvedOn4001() async throws {
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 1000, settings: [("detail_batch", "1000"), ("size", "100")])
        defer { Task { await h.stop() } }
        let sum = h.sim.callHistories(task: h.firstTask.userTaskID).reduce(0) { $0 + $1.attempts.count }
        try await h.session.execute("calls count")
        #expect(h.takeOutput() == "{\"count\":\(sum)}\n")
        #expect(h.sim.stats.detailBatchSizes.allSatisfy { $0 <= 500 })
    }

    @Test func countByOrderIDFindsOrdersCalledThreeTimes() async throws {
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 300)
        defer { Task { await h.stop() } }
        var perOrder: [String: Int] = [:]
        for r in Self.referenceRows(h) { perOrder[r["orderID"]!.stringValue!, default: 0] += 1 }
        try await h.session.execute("calls count by orderID")
        var got: [String: Int] = [:]
        for r in try Self.lines(h.takeOutput()) { got[r["orderID"]!.stringValue!] = r["count"]?.intValue }
        #expect(got == perOrder)
        // The orders called three times or more, by `attempts` on the first attempt.
        try await h.session.execute("calls where attempt = 1 and attempts >= 3 select orderID")
        let three = Set(try Self.lines(h.takeOutput()).map { $0["orderID"]!.stringValue! })
        #expect(three == Set(perOrder.filter { $0.value >= 3 }.keys))
        #expect(!three.isEmpty)
        // Orders called three times or more, as SPEC §11 writes it and by the column's name.
        for text in ["calls count by orderID having count() >= 3", "calls count by orderID having count >= 3"] {
            try await h.session.execute(text)
            let having = try Self.lines(h.takeOutput())
            #expect(Set(having.map { $0["orderID"]!.stringValue! }) == three, "\(text)")
            #expect(having.allSatisfy { ($0["count"]?.intValue ?? 0) >= 3 })
        }
    }

    @Test func limitStopsEarly() async throws {
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 20_000, settings: [("size", "100"), ("detail_batch", "100")])
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        try await h.session.execute("calls limit 5")
        let got = try Self.lines(h.takeOutput())
        #expect(got.map(Self.key) == Self.referenceRows(h).prefix(5).map(Self.key))
        // A full read would be 200 listOrder pages and 200 detail requests; the pager and the
        // detail stage each run a few requests ahead of the consumer, no more.
        let stats = h.sim.stats
        #expect(stats.count("listOrder") <= 30, "listOrder: \(stats.count("listOrder"))")
        #expect(stats.count("listOrderDetail") <= 12, "listOrderDetail: \(stats.count("listOrderDetail"))")
    }

    @Test func theBudgetCountsDetailRequestsToo() async throws {
        // 300 orders: 3 pages + 1 detail request = 4 > max_pages 3.
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 300, settings: [("max_pages", "3")])
        defer { Task { await h.stop() } }
        do {
            try await h.session.execute("calls count")
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("4 page requests"), "\(error.message)")
        }
        try await h.session.execute("orders count")  // pushed: one request
        #expect(h.takeOutput() == "{\"count\":300}\n")
    }

    @Test func everyFormatAndInto() async throws {
        let h = try await Harness.start(seed: 5, tasks: 1, orders: 40)
        defer { Task { await h.stop() } }
        let rows = Self.referenceRows(h)
        for format in ["table", "json", "csv", "tsv", "markdown", "line"] {
            try await h.session.execute("calls select orderID, attempt, status format \(format)")
            let out = h.takeOutput()
            #expect(out.contains(rows[0]["orderID"]!.stringValue!), "\(format)")
        }
        try await h.session.execute("calls select orderID, attempt format csv")
        let csv = h.takeOutput().split(whereSeparator: \.isNewline)
        #expect(csv.count == rows.count + 1 && csv.first == "orderID,attempt")
        let path = NSTemporaryDirectory() + "callq-calls-\(UUID().uuidString).ndjson"
        try await h.session.execute("calls into '\(path)'")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try Self.lines(saved) == rows)
        try await h.session.execute("calls count by attempt, status order by attempt, status")
        #expect(h.takeOutput().contains("\"attempt\":1"))
    }

    @Test func helpAndCompletionKnowCalls() {
        #expect(CallqLanguage.keywords.contains("calls"))
        #expect(CallqLanguage.callOnlyFields == ["attempt", "attempts"])
        #expect(HelpText.topics.contains("calls"))
        let help = HelpText.text(for: "calls")
        #expect(help.contains("attempt") && help.contains("detail_batch") && help.contains("sync_calls"))
        #expect(HelpText.text(for: "fields").contains("attempts"))
        #expect(HelpText.text(for: "statements").contains("calls [in task"))
    }

    /// Random filters over the call fields (and `attempt`, `attempts`) give exactly the
    /// attempts a local evaluation over every attempt selects, in the same order.
    @Test func randomFiltersEqualALocalEvaluation() async throws {
        let h = try await Harness.start(seed: 13, tasks: 1, orders: 250)
        defer { Task { await h.stop() } }
        let all = Self.referenceRows(h)
        var gen = CallsQueryGenerator(rows: all, seed: 99)
        var failures: [String] = []
        var nonTrivial = 0
        for _ in 0..<120 {
            let text = "calls where " + gen.expr(depth: 0)
            guard case .query(let q) = try Checker.check(text, context: CheckContext(defaultTasks: ["t"])) else {
                Issue.record("not a query: \(text)")
                continue
            }
            let expected = all.filter { q.filter?.evaluate($0) ?? true }.map(Self.key)
            var got: [String] = []
            for try await row in try await h.session.rows(text) { got.append(Self.key(row.order?.json ?? .null)) }
            if !expected.isEmpty && expected.count < all.count { nonTrivial += 1 }
            if got != expected {
                failures.append("\(text)\n  expected \(expected.count) rows, got \(got.count)")
                if failures.count > 5 { break }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(nonTrivial > 40, "the generator should produce selective queries, got \(nonTrivial)")
    }
}

/// Random `calls` where-expressions drawn from the values present in the attempts.
struct CallsQueryGenerator {
    var rng: SplitMix
    let ids: [String]
    let causes: [String]

    init(rows: [JSONValue], seed: UInt64) {
        rng = SplitMix(seed: seed)
        var seen = Set<String>()
        ids = rows.compactMap { $0["orderID"]?.stringValue }.filter { seen.insert($0).inserted }
        causes = Array(Set(rows.compactMap { $0["callInfoDetail"]?["hangupCause"]?.stringValue })).sorted()
    }

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }

    static let statuses = ["busy", "completed", "no_response", "ring_missed", "ended", "failed", "10", "22", "23", "unreachable"]
    static let ops = ["=", "!=", "<", "<=", ">", ">="]

    mutating func atom() -> String {
        switch int(0...11) {
        case 0: return "status = \(pick(Self.statuses))"
        case 1: return "status in (\(pick(Self.statuses)), \(pick(Self.statuses)))"
        case 2: return "duration \(pick(Self.ops)) \(int(0...120))"
        case 3: return "finish = \(pick(["true", "false"]))"
        case 4: return "attempt \(pick(Self.ops)) \(int(1...4))"
        case 5: return "attempts \(pick(Self.ops)) \(int(1...4))"
        case 6: return "orderID in ('\(pick(ids))', '\(pick(ids))', '\(pick(ids))')"
        case 7: return "cause = '\(pick(causes))'"
        case 8: return "sip in ('486', '480', '200')"
        case 9: return "answered is \(pick(["null", "not null"]))"
        case 10: return "intent is \(pick(["empty", "not empty"]))"
        default: return "id = '\(pick(ids))'"
        }
    }

    mutating func expr(depth: Int) -> String {
        if depth > 2 || int(0...2) == 0 { return atom() }
        switch int(0...3) {
        case 0: return "\(expr(depth: depth + 1)) and \(expr(depth: depth + 1))"
        case 1: return "(\(expr(depth: depth + 1)) or \(expr(depth: depth + 1)))"
        case 2: return "not (\(expr(depth: depth + 1)))"
        default: return "\(atom()) and (\(expr(depth: depth + 1)) or \(atom()))"
        }
    }
}
