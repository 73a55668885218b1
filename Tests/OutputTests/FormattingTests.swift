// Cell formatting by kind (durations, times in a zone, enums, numbers, lists)
// in both styles, and the table's column fitting.
import CallqJSON
import Foundation
import Synchronization
import Testing

@testable import CallqOutput

@Suite struct FormattingTests {
    let jakarta = TimeZone(identifier: "Asia/Jakarta")!
    var display: CellFormatter { CellFormatter(style: .display, timeZone: jakarta) }
    var flat: CellFormatter { CellFormatter(style: .flat, timeZone: jakarta) }

    /// Exact to the second, trailing zero units dropped (issue 12 item 11: hours used to drop the seconds).
    @Test(arguments: [
        (0, "0s"), (45, "45s"), (60, "1m"), (65, "1m05s"), (3599, "59m59s"),
        (3600, "1h"), (3601, "1h00m01s"), (3660, "1h01m"), (7380, "2h03m"), (7439, "2h03m59s"),
        (26418, "7h20m18s"), (86400, "1d"), (90000, "1d01h"), (90061, "1d01h01m01s"),
        (86401, "1d00h00m01s"), (-5, "-5s"), (-3601, "-1h00m01s")
    ])
    func durations(_ seconds: Int, _ text: String) {
        #expect(CellFormatter.duration(seconds) == text)
    }

    @Test func times() {
        #expect(display.format(1_732_410_005, .time) == "2024-11-24 08:00:05")
        #expect(flat.format(1_732_410_005, .time) == "2024-11-24T08:00:05+07:00")
        #expect(display.format(-86401, .time) == "1969-12-31 06:59:59")
        #expect(display.format(.double(1_732_410_005.9), .time) == "2024-11-24 08:00:05")
        let utc = CellFormatter(style: .flat, timeZone: TimeZone(identifier: "UTC")!)
        #expect(utc.format(0, .time) == "1970-01-01T00:00:00Z")
        let ny = CellFormatter(style: .flat, timeZone: TimeZone(identifier: "America/New_York")!)
        #expect(ny.format(1_700_000_000, .time) == "2023-11-14T17:13:20-05:00")  // standard time
        #expect(ny.format(1_690_000_000, .time) == "2023-07-22T00:26:40-04:00")  // daylight time
        #expect(display.format("yesterday", .time) == "yesterday")
        #expect(display.format(1_732_410_005_000, .time) == "1732410005000")  // milliseconds: no fake date
    }

    @Test func civilDatesAgreeWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // From 1583 on: before that Foundation switches to the Julian calendar.
        for days in stride(from: -140_000, through: 2_900_000, by: 7919) {
            let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86400))
            let mine = BucketCalendar.civil(fromDays: days)
            #expect(mine.year == c.year && mine.month == c.month && mine.day == c.day, "day \(days)")
        }
    }

    @Test(arguments: ["America/New_York", "Asia/Jakarta", "Australia/Lord_Howe", "Asia/Kathmandu"])
    func cachedOffsetsMatchFoundationAcrossTransitions(_ zone: String) {
        let tz = TimeZone(identifier: zone)!
        let offsets = ZoneOffsets(tz)
        // 2023-03-12 (US spring forward) ± a day, and Jakarta's 1964 change, in odd steps.
        for base in [1_678_600_000, -189_412_000, 1_696_089_600] {
            for t in stride(from: base - 86_400, through: base + 86_400, by: 37) {
                let expected = tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))
                if offsets.offset(at: t) != expected {
                    Issue.record("\(zone) at \(t): \(offsets.offset(at: t)) != \(expected)")
                    return
                }
            }
        }
    }

    @Test(arguments: ["America/New_York", "Australia/Lord_Howe"])
    func cachedOffsetsHoldWhenWorkersJumpBetweenSlices(_ zone: String) {
        let tz = TimeZone(identifier: zone)!
        let offsets = ZoneOffsets(tz)
        // Two workers at once, each alternating between a time near a transition and one
        // months away, so the last-slice word is replaced on nearly every call.
        let bad = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in 0..<20_000 {
                let t = 1_678_600_000 + (i * 53 + worker * 7) % 172_800 - 86_400 + (i % 2 == 0 ? 0 : 15_552_000)
                let expected = tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))
                if offsets.offset(at: t) != expected { bad.withLock { $0.append("\(t)") } }
            }
        }
        #expect(bad.withLock { $0 }.isEmpty, "\(zone): wrong offsets at \(bad.withLock { $0.prefix(5) })")
    }

    @Test func enumsNumbersListsBools() {
        let status = ColumnKind.enumeration([10: "busy", 6: "completed"])
        #expect(display.format(10, status) == "busy(10)")
        #expect(display.format(14, status) == "14")
        #expect(flat.format(10, status) == "10")
        #expect(display.format(.double(37.333333333333336), .number) == "37.33")
        #expect(display.format(.double(2.5), .number) == "2.5")
        #expect(display.format(.double(100), .number) == "100")
        #expect(display.format(.double(0.005), .number) == "0.01")
        #expect(flat.format(.double(37.333333333333336), .number) == "37.333333333333336")
        #expect(display.format(65, .seconds) == "1m05s")
        #expect(flat.format(65, .seconds) == "65")
        #expect(display.format(.double(137.59), .seconds) == "2m18s")  // avg(duration)
        #expect(flat.format(.double(137.59), .seconds) == "137.59")
        // Absurd durations from a malformed reply are shown, never a trap.
        #expect(display.format(.int(.max), .seconds) == "106751991167300d15h30m07s")
        #expect(display.format(.int(.min), .seconds) == "-9223372036854775808s")
        #expect(flat.format(.double(9.3e18), .seconds) == "9.3e+18")
        #expect(display.format(.double(1e300), .seconds) == "1e+300")
        #expect(display.format(["a", "b"], .list(.text)) == "a;b")
        #expect(display.format([10, 6], .list(status)) == "busy(10);completed(6)")
        #expect(flat.format([10, 6], .list(status)) == "10;6")
        #expect(display.format([], .list(.text)) == "")
        #expect(display.format(true, .bool) == "true")
        #expect(display.format(nil, .text) == "")
        #expect(display.format(["k": 1], .json) == #"{"k":1}"#)
        #expect(display.format(42, .text) == "42")
    }

    /// SPEC §9.3: at most two decimals for people, the shortest exact text for machines.
    @Test func decimalsPerStyle() {
        #expect(display.format(.double(42.857142857142854), .number) == "42.86")
        #expect(display.format(.double(7.5), .number) == "7.5")
        #expect(display.format(.double(3), .number) == "3")
        #expect(display.format(.int(3), .number) == "3")
        #expect(display.format(.double(100.005), .number) == "100")  // 100.00499… in binary: no double rounding
        #expect(display.format(.double(-0.001), .number) == "0")  // not `-0`
        #expect(display.format(.double(-12.345), .number) == "-12.35")
        #expect(display.format(.double(1e20), .number) == "100000000000000000000")
        #expect(display.format(.double(1e20 + 1e5), .number) == "100000000000000098304")  // no dangling `.`
        #expect(flat.format(.double(42.857142857142854), .number) == "42.857142857142854")
        #expect(flat.format(.double(0.1 + 0.2), .number) == "0.30000000000000004")
        #expect(flat.format(.double(7.5), .number) == "7.5")
    }

    /// Seconds: durations (rounded) for people, seconds — whole or not — for machines.
    @Test func secondsAsDurationsOrNumbers() {
        #expect(display.format(.double(131.4), .seconds) == "2m11s")
        #expect(display.format(.double(131.5), .seconds) == "2m12s")
        #expect(display.format(.double(0.4), .seconds) == "0s")
        #expect(flat.format(.double(131.4), .seconds) == "131.4")
        #expect(flat.format(.int(131), .seconds) == "131")
        #expect(flat.format(.double(60.25), .bucket(.seconds, .valueBin(0.25))) == "60.25")
        #expect(display.format(.int(90), .bucket(.seconds, .valueBin(30))) == "1m30s")
    }

    @Test func weekdaysLikeAnEnum() {
        #expect(display.format(1, .weekday) == "mon(1)")
        #expect(display.format(7, .weekday) == "sun(7)")
        #expect(display.format(9, .weekday) == "9")
        #expect(display.format(nil, .weekday) == "")
        #expect(flat.format(3, .weekday) == "3")
    }

    /// Buckets in Jakarta: days and weeks as dates, months as `2024-11`, bins as times; flat keeps the time.
    @Test func bucketsByStep() {
        let day = 1_732_381_200  // 2024-11-24 00:00 in Jakarta (UTC+7)
        #expect(display.format(.int(day), .bucket(.time, .day)) == "2024-11-24")
        #expect(display.format(.int(day - 6 * 86400), .bucket(.time, .week)) == "2024-11-18")
        #expect(display.format(.int(1_730_394_000), .bucket(.time, .month)) == "2024-11")
        #expect(display.format(.int(day + 8 * 3600 + 900), .bucket(.time, .timeBin(seconds: 900))) == "2024-11-24 08:15:00")
        #expect(display.format(.int(8), .bucket(.integer, .hourOfDay)) == "8")
        #expect(flat.format(.int(day), .bucket(.time, .day)) == "2024-11-24T00:00:00+07:00")
        #expect(flat.format(.int(1_730_394_000), .bucket(.time, .month)) == "2024-11-01T00:00:00+07:00")
        #expect(display.format("odd", .bucket(.time, .day)) == "odd")
        #expect(ColumnKind.bucket(.integer, .hourOfDay).isNumeric && !ColumnKind.bucket(.time, .day).isNumeric)
    }

    @Test func controlCharactersAreEscapedForPeople() {
        #expect(TextEscaping.controls("a\nb\tc\rd\u{1B}e") == #"a\nb\tc\rd\x1Be"#)
        #expect(TextEscaping.controls("plain 张伟") == "plain 张伟")
        #expect(TextEscaping.tsv("a\tb\nc\\d\re") == #"a\tb\nc\\d\re"#)
        #expect(TextEscaping.markdown(#"a|b\c"#) == #"a\|b\\c"#)
        #expect(
            TextEscaping.markdown("*bold* _it_ `code` <b> [x](y) ~~s~~")
                == #"\*bold\* \_it\_ \`code\` \<b> \[x\](y) \~\~s\~\~"#)
    }

    @Test func layoutKeepsNaturalWidthsWhenTheyFit() {
        #expect(TableLayout.fit([5, 10, 3], into: nil) == [5, 10, 3])
        #expect(TableLayout.fit([5, 10, 3], into: 18 + 8) == [5, 10, 3])
        #expect(TableLayout.fit([5, 10, 3], into: 18 + 7) != [5, 10, 3])
    }

    @Test func layoutNarrowsTheWidestColumnsFirst() {
        // Budget 40 - 8 = 32 for natural 5 + 40 + 30: cap 13, one spare cell to the first cut column.
        let w = TableLayout.fit([5, 40, 30], into: 40)
        #expect(w.reduce(0, +) == 32)
        #expect(w == [5, 14, 13])
    }

    @Test func layoutOverflowsWhenEvenTheMinimumDoesNotFit() {
        #expect(TableLayout.fit([10, 10, 2], into: 5) == [3, 3, 2])
    }

    @Test func formatsFromFileNames() {
        #expect(OutputFormat(pathExtension: "CSV") == .csv)
        #expect(OutputFormat(pathExtension: "jsonl") == .ndjson)
        #expect(OutputFormat(pathExtension: "md") == .markdown)
        #expect(OutputFormat(pathExtension: "txt") == .table)
        #expect(OutputFormat(pathExtension: "xlsx") == nil)
        #expect(OutputFormat(path: "/tmp/out.dir/report.tsv") == .tsv)
        #expect(OutputFormat(path: "/tmp/out.dir/report") == nil)
        #expect(OutputFormat(path: ".json") == nil)
    }

    @Test func footerWordsAndSingulars() {
        #expect(
            TableWriter.footer(OutputSummary(rows: 37, requests: 3, seconds: 0.41), noun: "orders")
                == "(37 orders, 3 requests, 0.41 s)")
        #expect(
            TableWriter.footer(OutputSummary(rows: 1, requests: 1, seconds: 0.005), noun: "groups")
                == "(1 group, 1 request, 0.01 s)")
        #expect(
            TableWriter.footer(OutputSummary(rows: 0, requests: 0, seconds: 1), noun: "orders")
                == "(0 orders, 1.00 s)")
    }
}
