// Saved lines read through slots (a filter tested, groups aggregated, on the
// values a slot parse extracts, with no tree) give exactly what the tree path
// gives: every combination of oddly shaped orders — repeated keys, escaped and
// non-ASCII keys, `callInfoDetail` that is not an object, values of the wrong
// type, white space, saved replies, bad lines — through filters and `stats`
// that compile to slots, compared line for line with the ordinary reading.
import CallbotAPI
import CallqJSON
import CallqPlanner
import CallqSemantics
import Foundation
import Testing

@testable import CallqEngine

@Suite struct SlotReadingTests {
    /// `callInfoDetail` values: objects with odd members, and values that are not objects.
    static let details: [String] = [
        #"{"callStatus":6,"callDuration":40,"callStartTs":1732523163}"#,
        #"{"callStatus":10,"callDuration":2,"intents":[{"intentName":"x"}],"params":[],"callStartTs":1732560000}"#,
        #"{"callStatus":11,"callDuration":45,"callStartTs":"1732600000"}"#,
        #"{"callStatus":6,"callDuration":46,"callStartTs":1732523163.5}"#,
        #"{"callStatus":"6","callDuration":"41"}"#,
        #"{"callStatus":6.0,"callDuration":4.5}"#,
        #"{"callStatus":null,"callDuration":null}"#,
        #"{"callStatus":[6],"callDuration":{"s":1}}"#,
        #"{"callStatus":true,"callDuration":false}"#,
        #"{"callStatus":6,"callStatus":10,"callDuration":50}"#,
        #"{"call\u0053tatus":11,"callDuration":60}"#,
        #"{"callDuration":70}"#,
        #"{}"#,
        #"{ "callStatus" : 11 , "callDuration" : 99 }"#,
        #"{"callStatus":11,"callDuration":1e2}"#,
        // Around daylight-saving changes (New York: 2024-03-10 07:00 and 2024-11-03 06:00 UTC),
        // beyond a time's range, negative, and large keys and arguments.
        #"{"callStatus":6,"callDuration":30,"callStartTs":1710053999}"#,
        #"{"callStatus":6,"callDuration":31,"callStartTs":1710054000}"#,
        #"{"callStatus":10,"callDuration":32,"callStartTs":1730613599}"#,
        #"{"callStatus":10,"callDuration":33,"callStartTs":1730613600}"#,
        #"{"callStatus":-1,"callDuration":-5,"callStartTs":-86401}"#,
        #"{"callStatus":4096,"callDuration":9223372036854775807,"callStartTs":100000000000}"#,
        #"{"callStatus":99999999999,"callDuration":9223372036854775807,"callStartTs":1732523163}"#,
        "null", "[]", #""text""#, "7"
    ]

    /// Whole lines around a detail `d`: orders, repeated and missing members, replies, bad lines.
    static func lines(_ d: String, _ k: Int) -> [String] {
        [
            #"{"orderID":"a\#(k)","finish":true,"callInfoDetail":\#(d)}"#,
            #"{"orderID":"b\#(k)","callInfoDetail":\#(d),"callInfoDetail":{"callStatus":6,"callDuration":80}}"#,
            #"{"callInfoDetail":\#(d),"orderID":"c\#(k)","finish":"false"}"#,
            #"  {"orderID":"d\#(k)","finish":1,"callInfoDetail":\#(d)}  "#,
            #"{"orderID":"é\#(k)","ca\u006CllInfoDetail":\#(d)}"#,
            #"{"orderID":"f\#(k)","callInfoDétail":\#(d)}"#,
            #"{"retCode":0,"orderList":[{"orderID":"g\#(k)","callInfoDetail":\#(d)}]}"#,
            #"{"orderID":"h\#(k)","callInfoDetail":\#(d)"#,
            #"{"userName":"no id","callInfoDetail":\#(d)}"#,
            #"{"orderID":"i\#(k)","callInfoDetail":\#(d)} x"#
        ]
    }

    static let text: String = details.enumerated().flatMap { lines($0.element, $0.offset) }.joined(separator: "\n") + "\n"

    static func plan(_ text: String, zone: String = "UTC") throws -> Plan {
        let context = CheckContext(timeZone: try #require(TimeZone(identifier: zone)), defaultTasks: ["T"])
        guard case .query(let q) = try Checker.check(text, context: context) else {
            throw CancellationError()
        }
        return try Planner.plan(q)
    }

    static var chunk: LineChunk {
        let bytes = Array(text.utf8)
        return LineChunk(bytes: bytes, count: bytes.count)
    }

    static let filters = [
        "status = completed", "status in (6, 10, 11) and duration > 3", "not (status = 6) or duration <= 50",
        "duration is null", "status is not null and finish = true", "duration between 40 and 70",
        "duration * 2 > 90 or hour(started) = 8", "coalesce(duration, 0s) < 45s"
    ]

    @Test(arguments: filters)
    func aFilterOnSlotsKeepsExactlyTheOrdersOfTheTreePath(_ filter: String) throws {
        let plan = try Self.plan("orders from file 'x' where \(filter)")
        let residual = try #require(plan.residual)
        let closure: @Sendable (JSONValue) -> Bool = { residual.evaluate($0) }
        let slots = OrderLineParser(keyPaths: plan.touchedPaths, skipsBadLines: true, residual: residual)
        let tree = OrderLineParser(keyPaths: plan.touchedPaths, skipsBadLines: true, filter: closure)
        #expect(slots.slotFilter != nil)
        #expect(tree.slotFilter == nil)
        let a = slots.parse(Self.chunk), b = tree.parse(Self.chunk)
        let ra = a.orders.map { String(decoding: $0.raw, as: UTF8.self) },
            rb = b.orders.map { String(decoding: $0.raw, as: UTF8.self) }
        #expect(ra == rb, "only slots: \(Set(ra).subtracting(rb)); only tree: \(Set(rb).subtracting(ra))")
        #expect(a.orders.count > 0)
        #expect(a.read == b.read)
        #expect(a.skipped.map(\.line) == b.skipped.map(\.line))
        #expect(a.skipped.map(\.message) == b.skipped.map(\.message))
        // The same trees: the members the query reads, in the order they came.
        #expect(a.orders.map(\.json) == b.orders.map(\.json))
    }

    static let statements = [
        "stats count(), avg(duration), sum(duration) by status",
        "where status in (6, 10, 11) and duration > 3 count",
        "stats count(), countif(duration > 45), min(duration), max(duration), median(duration) by finish, status",
        "where finish = true stats count_distinct(duration), share() by status",
        "where duration + 1 > 3 stats avg(duration * 2), countif(hour(started) >= 9) by day(started), bin(duration, 20)",
        "stats sum(duration - 1), max(coalesce(duration, 0s)) by duration / 10",
        // The integer path (IntegerAggregation): one integer key or a time function of one.
        "stats count(), avg(duration), max(duration) by status",
        "stats count(), 100 * countif(status = completed) / count() by day(started)",
        "stats count(), min(duration), sum(duration), share() by hour(started)",
        "where duration > 3 stats max(duration), avg(duration) by weekday(started)",
        "stats count(), sumif(duration, status = 6), avgif(duration, status = 10) by week(started)",
        "stats count(), max(started) by month(started)", "stats count(), sum(duration), min(status)"
    ]

    static let zones = ["UTC", "America/New_York", "Asia/Kolkata"]

    @Test(arguments: statements, zones)
    func groupsOnSlotsAreTheGroupsOfTheTreePath(_ statement: String, _ zone: String) throws {
        let plan = try Self.plan("orders from file 'x' \(statement)", zone: zone)
        guard case .groups(let keys, let aggregates, _, _) = plan.shape else { Issue.record("not groups"); return }
        let residual = plan.residual
        var closure: (@Sendable (JSONValue) -> Bool)? = nil
        if let residual { closure = { (order: JSONValue) -> Bool in residual.evaluate(order) } }
        let slots = OrderLineParser(
            keyPaths: plan.touchedPaths, skipsBadLines: true,
            residual: residual, groups: (keys, aggregates))
        #expect(slots.slotAggregation != nil)
        let a = slots.parse(Self.chunk)
        let b = OrderLineParser(keyPaths: plan.touchedPaths, skipsBadLines: true, filter: closure).parse(Self.chunk)
        #expect(a.orders.isEmpty)
        var reference = Aggregator(keys: keys, aggregates: aggregates)
        for o in b.orders { reference.add(o.json) }
        let partial = try #require(a.partial)
        #expect(partial.results() == reference.results())
        #expect(reference.groupCount > 1 || keys.isEmpty)
        #expect(a.read == b.read)
    }

    /// Which statements take the integer path: the check above compares them with the tree path.
    @Test func integerKeysAndArgumentsTakeTheIntegerPath() throws {
        for (statement, integers) in [
            ("stats count(), avg(duration), max(duration) by status", true),
            ("stats count(), 100 * countif(status = completed) / count() by day(started)", true),
            ("stats count(), sumif(duration, status = 6), avgif(duration, status = 10) by week(started)", true),
            ("where status in (6, 10, 11) and duration > 3 count", true),
            ("stats count() by finish", false), ("stats median(duration) by status", false),
            ("stats count() by status, finish", false), ("stats avg(duration * 2) by status", false),
            ("stats count() by bin(duration, 20)", false)
        ] {
            let plan = try Self.plan("orders from file 'x' \(statement)")
            guard case .groups(let keys, let aggregates, _, _) = plan.shape else { continue }
            let parser = OrderLineParser(
                keyPaths: plan.touchedPaths, skipsBadLines: true,
                residual: plan.residual, groups: (keys, aggregates))
            let aggregation = try #require(parser.slotAggregation, "\(statement)")
            #expect((aggregation.integers != nil) == integers, "\(statement)")
        }
    }

    /// `day()` in UTC by division gives what the calendar gives, negative times and the edges
    /// of a time's range included; each UTC name takes that path, other zones the calendar.
    @Test func utcDayByDivisionIsTheCalendarsDay() throws {
        let day = TermFunction.day(TermZone(try #require(TimeZone(identifier: "UTC"))))
        var rng = SystemRandomNumberGenerator()
        var times = [0, 1, -1, 86399, 86400, -86400, -86401, 99_999_999_999, -99_999_999_999, 100_000_000_000]
        for _ in 0..<2000 { times.append(Int.random(in: -100_000_000_050...100_000_000_050, using: &rng)) }
        for t in times {
            let expected: Int? = if case .int(let d) = day.apply(.int(t)) { d } else { nil }
            #expect(IntegerAggregation.utcDay(t) == expected, "\(t)")
        }
        for (zone, utc) in [("UTC", true), ("GMT", true), ("Etc/UTC", true), ("Europe/London", false), ("Asia/Kolkata", false)] {
            let plan = try Self.plan("orders from file 'x' stats count() by day(started)", zone: zone)
            guard case .groups(let keys, let aggregates, _, _) = plan.shape else { continue }
            let parser = OrderLineParser(
                keyPaths: plan.touchedPaths, skipsBadLines: true, residual: plan.residual, groups: (keys, aggregates))
            let integers = try #require(parser.slotAggregation?.integers, "\(zone)")
            #expect(integers.keyIsUTCDay == utc, "\(zone)")
        }
    }

    @Test func listFieldsTakeTheTreePath() throws {
        for statement in [
            "where intent = 'x' count", "where coalesce(intent, 'y') = 'x' count", "stats count() by intent",
            "stats avg(duration) by lower(intent)"
        ] {
            let plan = try Self.plan("orders from file 'x' \(statement)")
            guard case .groups(let keys, let aggregates, _, _) = plan.shape else { continue }
            let parser = OrderLineParser(
                keyPaths: plan.touchedPaths, skipsBadLines: true,
                residual: plan.residual, groups: (keys, aggregates))
            #expect(parser.slotAggregation == nil, "\(statement)")
        }
    }
}
