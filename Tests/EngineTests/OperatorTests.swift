// Unit tests of the engine's operators, each on its own: the aggregator (groups,
// element-wise pairing, exact merges), the sorter (directions, nulls, top-N), and
// the translation of a plan into per-record stages.
import CallbotAPI
import CallqJSON
import CallqPlanner
import CallqSemantics
import Foundation
import Testing

@testable import CallqEngine

@Suite struct AggregatorTests {
    static func field(_ name: String) -> CheckedTerm { .field(Catalog.orders.field(named: name)!) }
    static func order(_ status: Int?, _ duration: JSONValue = .null, intents: [(String?, String?)] = []) -> JSONValue {
        var call = JSONObject()
        if let status { call["callStatus"] = .int(status) }
        call["callDuration"] = duration
        call["intents"] = .array(
            intents.map { n, t in
                var o = JSONObject()
                if let n { o["intentName"] = .string(n) }
                if let t { o["intentTag"] = .string(t) }
                return .object(o)
            })
        return .object(["callInfoDetail": .object(call)])
    }

    @Test func countsAndAggregatesPerGroup() {
        let sum = CheckedAggregate(function: .sum, argument: Self.field("duration"), name: "s", kind: .seconds)
        let avg = CheckedAggregate(function: .avg, argument: Self.field("duration"), name: "a", kind: .seconds)
        var a = Aggregator(keys: [Self.field("status")], aggregates: [.countAll, sum, avg])
        for o in [Self.order(6, 10), Self.order(6, "20"), Self.order(10), Self.order(nil, 5)] { a.add(o) }
        let rows = a.results()
        #expect(
            rows == [
                [.int(6), .int(2), .int(30), .double(15)], [.int(10), .int(1), .null, .null],
                [.null, .int(1), .int(5), .double(5)]
            ])
    }

    @Test func noKeysAndNoRowsGiveOneZeroRow() {
        #expect(Aggregator(keys: [], aggregates: [.countAll]).results() == [[.int(0)]])
    }

    @Test func fieldsOfOneArrayPairElementByElement() {
        var a = Aggregator(keys: [Self.field("intent"), Self.field("intentTag")], aggregates: [.countAll])
        a.add(Self.order(6, intents: [("x", "A"), ("y", "B"), ("x", "A")]))
        a.add(Self.order(6, intents: []))
        a.add(Self.order(6, intents: [(nil, nil)]))
        let rows = Set(a.results())
        #expect(
            rows == [
                [.string("x"), .string("A"), .int(1)], [.string("y"), .string("B"), .int(1)],
                [.null, .null, .int(2)]
            ])
    }

    @Test func fieldsOfDifferentArraysCombineEveryPair() {
        var a = Aggregator(keys: [Self.field("intent"), Self.field("status")], aggregates: [.countAll])
        a.add(Self.order(6, intents: [("x", nil), ("y", nil)]))
        #expect(Set(a.results()) == [[.string("x"), .int(6), .int(1)], [.string("y"), .int(6), .int(1)]])
    }

    /// Merging partial aggregators gives exactly what one aggregator over all records gives.
    @Test func mergeIsExact() {
        let aggs: [CheckedAggregate] = [
            .countAll,
            CheckedAggregate(function: .sum, argument: Self.field("duration"), name: "s", kind: .seconds),
            CheckedAggregate(function: .avg, argument: Self.field("duration"), name: "a", kind: .seconds),
            CheckedAggregate(function: .min, argument: Self.field("duration"), name: "lo", kind: .seconds),
            CheckedAggregate(function: .max, argument: Self.field("duration"), name: "hi", kind: .seconds),
            CheckedAggregate(function: .countDistinct, argument: Self.field("duration"), name: "d", kind: .integer)
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let orders = (0..<200).map { _ in
                Self.order(Int.random(in: 5...8, using: &rng), .int(Int.random(in: 0...50, using: &rng)))
            }
            var whole = Aggregator(keys: [Self.field("status")], aggregates: aggs)
            for o in orders { whole.add(o) }
            let cut = Int.random(in: 0...orders.count, using: &rng)
            var first = Aggregator(keys: [Self.field("status")], aggregates: aggs)
            var second = first
            for o in orders[..<cut] { first.add(o) }
            for o in orders[cut...] { second.add(o) }
            first.merge(second)
            #expect(first.results() == whole.results())
        }
    }

    /// The §9.2 aggregates merge exactly too: percentiles keep their values, share() its total.
    @Test func analyticsAggregatesMergeExactly() throws {
        let text =
            "orders stats count(), percentile(duration, 90), median(duration), percentile(duration, 0), share(), "
            + "countif(status = completed), sumif(duration, status = 5), avgif(duration, duration > 20) by status, bin(duration, 10)"
        guard case .query(let q) = try Checker.check(text, context: CheckContext(defaultTasks: ["T"])),
            case .groups(let keys, let aggs, _, _) = q.shape
        else { Issue.record("not stats"); return }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let orders = (0..<200).map { _ in
                Self.order(Int.random(in: 5...8, using: &rng), .int(Int.random(in: 0...50, using: &rng)))
            }
            var whole = Aggregator(keys: keys, aggregates: aggs)
            for o in orders { whole.add(o) }
            let cut = Int.random(in: 0...orders.count, using: &rng)
            var first = Aggregator(keys: keys, aggregates: aggs)
            var second = first
            for o in orders[..<cut] { first.add(o) }
            for o in orders[cut...] { second.add(o) }
            first.merge(second)
            #expect(first.results() == whole.results())
            // share() of all groups adds up to 100.
            let shares = whole.results().compactMap { $0[keys.count + 4].doubleValue }
            #expect(abs(shares.reduce(0, +) - 100) < 1e-9)
        }
        // Nearest rank on 1…10: p90 is 9, p91 is 10, p0 is 1, the median 5.
        var a = Aggregator(keys: [], aggregates: aggs)
        for d in 1...10 { a.add(Self.order(6, .int(d))) }
        let r = a.results()[0]
        #expect(Array(r[1...3]) == [.int(9), .int(5), .int(1)])
    }

    @Test func integerSumsStayExactBeyondDoublePrecision() {
        let sum = CheckedAggregate(function: .sum, argument: Self.field("duration"), name: "s", kind: .seconds)
        var a = Aggregator(keys: [], aggregates: [sum])
        a.add(Self.order(6, .int(9_007_199_254_740_993)))
        a.add(Self.order(6, .int(2)))
        #expect(a.results() == [[.int(9_007_199_254_740_995)]])
    }
}

@Suite struct RowSorterTests {
    static func key(desc: Bool = false, nullsFirst: Bool = false) -> SortKey {
        SortKey(key: .column(0), descending: desc, nullsFirst: nullsFirst)
    }

    static func sorted(_ values: [JSONValue], _ key: SortKey, limit: Int? = nil) -> [JSONValue] {
        var s = RowSorter<JSONValue>(keys: [key], limit: limit)
        for v in values { s.add(v, keys: [v]) }
        return (try? s.sorted()) ?? []
    }

    @Test func nullsLastInBothDirectionsUnlessAskedFirst() {
        let values: [JSONValue] = [.int(2), .null, .int(1), .null, .int(3)]
        #expect(Self.sorted(values, Self.key()) == [.int(1), .int(2), .int(3), .null, .null])
        #expect(Self.sorted(values, Self.key(desc: true)) == [.int(3), .int(2), .int(1), .null, .null])
        #expect(Self.sorted(values, Self.key(nullsFirst: true)) == [.null, .null, .int(1), .int(2), .int(3)])
        #expect(Self.sorted(values, Self.key(desc: true, nullsFirst: true)) == [.null, .null, .int(3), .int(2), .int(1)])
    }

    @Test func topNEqualsSortThenCut() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let values: [JSONValue] = (0..<100).map { _ in
                Int.random(in: 0...9, using: &rng) == 0 ? .null : .int(Int.random(in: 0...20, using: &rng))
            }
            let limit = Int.random(in: 0...30, using: &rng)
            for key in [Self.key(), Self.key(desc: true), Self.key(nullsFirst: true)] {
                #expect(Self.sorted(values, key, limit: limit) == Array(Self.sorted(values, key).prefix(limit)))
            }
        }
    }

    @Test func tiesKeepArrivalOrder() {
        var s = RowSorter<String>(keys: [Self.key()], limit: nil)
        for (i, v) in [1, 0, 1, 0].enumerated() { s.add("r\(i)", keys: [.int(v)]) }
        #expect((try? s.sorted()) == ["r1", "r3", "r0", "r2"])
    }

    @Test("a large sort (runs and merges) is stable and equals the standard sort")
    func largeSortIsStable() throws {
        var s = RowSorter<Int>(keys: [Self.key(desc: true)], limit: nil)
        let keys = (0..<50_000).map { ($0 * 7919) % 101 }
        for (i, k) in keys.enumerated() { s.add(i, keys: [.int(k)]) }
        let expected = keys.enumerated().sorted { a, b in a.element != b.element ? a.element > b.element : a.offset < b.offset }
            .map(\.offset)
        #expect(try s.sorted() == expected)
    }

    @Test("a cancelled task stops a large sort (#27-5)")
    func cancelledSortStops() async throws {
        var s = RowSorter<Int>(keys: [Self.key()], limit: nil)
        for i in 0..<200_000 { s.add(i, keys: [.int((i * 7919) % 100_003)]) }
        let sorter = s
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try sorter.sorted()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}

@Suite struct RecordStagesTests {
    static func plan(_ text: String) throws -> Plan {
        guard case .query(let q) = try Checker.check(text, context: CheckContext(defaultTasks: ["T"])) else {
            throw CancellationError()
        }
        return try Planner.plan(q)
    }

    /// The operators of a query's plan written as a table.
    static func stages(_ text: String) throws -> RecordStages {
        let p = try plan(text)
        return RecordStages(plan: p, reading: p.reading(for: .written(.table)))
    }

    @Test func residualProjectionAndSortKeysComeFromThePlan() throws {
        let p = try Self.plan("orders where name like 'a%' and status = busy select id, duration as d order by d desc, name")
        let stages = RecordStages(plan: p, reading: p.reading(for: .written(.table)))
        let order: JSONValue = ["orderID": "o1", "userName": "ann", "callInfoDetail": ["callStatus": 10, "callDuration": "9"]]
        let other: JSONValue = ["orderID": "o2", "userName": "bob", "callInfoDetail": ["callStatus": 10]]
        #expect(p.residual?.callqText == "userName like 'a%'")
        #expect(stages.filter([Order(json: order), Order(json: other)]).map(\.orderID) == ["o1"])
        #expect(stages.rows([Order(json: order)]).map(\.values) == [[.string("o1"), .int(9)]])
        #expect(stages.sortKeys(of: order) == [.int(9), .string("ann")])
        #expect(stages.rows([Order(json: order)]).first?.passRaw == false)
    }

    @Test func groupRowsAreInKeyOrderThenCut() throws {
        let stages = try Self.stages("orders count by status limit 2")
        let rows: [[JSONValue]] = [[.null, .int(1)], [.int(10), .int(3)], [.int(6), .int(2)]]
        #expect(try stages.groupRows(rows, keyCount: 1) == [[.int(6), .int(2)], [.int(10), .int(3)]])
        let byCount = try Self.stages("orders count by status order by count desc")
        #expect(try byCount.groupRows(rows, keyCount: 1) == [[.int(10), .int(3)], [.int(6), .int(2)], [.null, .int(1)]])
    }

    @Test func noSelectPassesRecordsThrough() throws {
        let stages = try Self.stages("orders")
        #expect(stages.rows([Order(json: ["orderID": "o1"])]).first?.passRaw == true)
    }
}
