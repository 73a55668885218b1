// Value expressions (SPEC §9.1) evaluated on single orders: the typing of
// results (kinds), integer and decimal arithmetic, null and `/ 0`, and the time
// functions in Europe/Berlin across both daylight-saving switches of 2024.

import CallqJSON
import CallqResult
import CallqSemantics
import Foundation
import Testing

@Suite struct ExpressionTests {
    static let berlin = CheckContext(timeZone: TimeZone(identifier: "Europe/Berlin")!, now: T.now, defaultTasks: ["T1"])

    /// The select terms of `orders select <text>`, checked in `context`.
    static func terms(_ text: String, context: CheckContext = berlin) throws -> [CheckedTerm] {
        guard case .query(let q) = try Checker.check("orders select " + text, context: context),
            case .records(let values, _) = q.shape
        else { return [] }
        return values
    }

    static func order(started: Int? = nil, duration: Int? = nil, name: String? = nil) -> JSONValue {
        var detail: [String] = []
        if let started { detail.append("\"callStartTs\":\(started)") }
        if let duration { detail.append("\"callDuration\":\(duration)") }
        let n = name.map { ",\"userName\":\"\($0)\"" } ?? ""
        let text = "{\"orderID\":\"o\"\(n),\"callInfoDetail\":{\(detail.joined(separator: ","))}}"
        return try! JSONParser.parse(Array(text.utf8))
    }

    static func values(_ text: String, _ record: JSONValue) throws -> [JSONValue] {
        try terms(text).map { $0.value(in: record) }
    }

    @Test func kindsFollowTheTypingRules() throws {
        let ks = try Self.terms(
            "started - 1h, started - started, duration * 2, duration / 2, duration / 1m, 7 / 2, 3 * 4, "
                + "hour(started), weekday(started), day(started), week(started), month(started), bin(started, 15m), "
                + "bin(duration, 30s), bin(3, 0.5), length(name), -duration"
        ).map(\.kind)
        #expect(
            ks == [
                .time, .seconds, .seconds, .seconds, .number, .number, .integer,
                .bucket(.integer, .hourOfDay), .weekday, .bucket(.time, .day), .bucket(.time, .week),
                .bucket(.time, .month), .bucket(.time, .timeBin(seconds: 900)), .bucket(.seconds, .valueBin(30)),
                .bucket(.number, .valueBin(0.5)), .integer, .seconds
            ])
    }

    @Test func arithmeticNullsAndDivisionByZero() throws {
        let o = Self.order(started: 1_700_000_000, duration: 90)
        #expect(
            try Self.values("7 / 2, 6 / 3, duration / 0, duration + null, 2 * 3 - 1, duration / 1m, -duration, 1.5 * 2", o)
                == [.double(3.5), .double(2), .null, .null, .int(5), .double(1.5), .int(-90), .double(3)])
        #expect(
            try Self.values("duration + 1, coalesce(name, 'none'), lower('AbC'), upper(coalesce(name, 'x')), length('中文')", o)
                == [.int(91), .string("none"), .string("abc"), .string("X"), .int(2)])
        // A missing field makes the whole expression null.
        #expect(try Self.values("duration * 2, hour(started)", Self.order()) == [.null, .null])
        #expect(try Self.values("9223372036854775807 + 1", o) == [.double(9_223_372_036_854_775_808)])
    }

    /// 2024-03-31: Berlin's clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC).
    @Test func springForwardInBerlin() throws {
        let midnight = 1_711_839_600  // 2024-03-31 00:00 CET = 2024-03-30T23:00Z
        let afterJump = 1_711_848_600  // 01:30Z = 03:30 CEST
        let v = try Self.values(
            "hour(started), day(started), bin(started, 1h), bin(started, 15m), weekday(started), week(started), month(started)",
            Self.order(started: afterJump))
        #expect(v[0] == .int(3))
        #expect(v[1] == .int(midnight))
        // Bins count elapsed time from local midnight: 2.5 h after it falls in the bin starting 2 h after it.
        #expect(v[2] == .int(midnight + 7200))
        #expect(v[3] == .int(midnight + 9000))
        #expect(v[4] == .int(7))
        #expect(v[5] == .int(1_711_321_200))  // Monday 2024-03-25 00:00 CET
        #expect(v[6] == .int(1_709_247_600))  // 2024-03-01 00:00 CET
        // The next day starts 23 hours after this one.
        #expect(try Self.values("day(started)", Self.order(started: midnight + 23 * 3600)) == [.int(midnight + 23 * 3600)])
        #expect(try Self.values("day(started)", Self.order(started: midnight + 23 * 3600 - 1)) == [.int(midnight)])
    }

    /// 2024-10-27: Berlin's clocks fall back from 03:00 CEST to 02:00 CET (01:00 UTC); 02:xx happens twice.
    @Test func fallBackInBerlin() throws {
        let midnight = 1_729_980_000  // 2024-10-27 00:00 CEST = 2024-10-26T22:00Z
        for t in [1_729_989_000, 1_729_992_600] {  // 00:30Z = 02:30 CEST, 01:30Z = 02:30 CET
            let v = try Self.values("hour(started), day(started), month(started)", Self.order(started: t))
            #expect(v == [.int(2), .int(midnight), .int(1_727_733_600)])
        }
        // A 25-hour day: the next midnight is 25 h after this one.
        #expect(try Self.values("day(started)", Self.order(started: midnight + 25 * 3600 - 1)) == [.int(midnight)])
        #expect(try Self.values("day(started)", Self.order(started: midnight + 25 * 3600)) == [.int(midnight + 25 * 3600)])
        // The same instant in UTC is another day and hour.
        let utc = try Self.terms("hour(started), day(started)", context: T.context).map {
            $0.value(in: Self.order(started: 1_729_989_000))
        }
        #expect(utc == [.int(0), .int(1_729_987_200)])
    }

    @Test func computedTestsInWhere() throws {
        let f = try T.filter("hour(started) between 9 and 17 and duration / 1m > 1.5 and lower(name) like 'a%'")
        #expect(f.evaluate(Self.order(started: 1_732_525_200, duration: 100, name: "Ann")))  // 09:00Z
        #expect(!f.evaluate(Self.order(started: 1_732_525_200, duration: 80, name: "Ann")))
        #expect(!f.evaluate(Self.order(started: 1_732_525_200 - 1, duration: 100, name: "Ann")))
        #expect(!f.evaluate(Self.order(duration: 100, name: "Ann")))
        #expect(try T.filter("duration / 60 = 2").evaluate(Self.order(duration: 120)))
        #expect(try T.filter("day(started) = '2024-11-25'").evaluate(Self.order(started: 1_732_536_000)))
    }
}
