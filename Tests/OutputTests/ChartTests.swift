// The parts of `format chart` the golden files do not pin down one by one:
// bar lengths in eighths, the line layout at any width, gap filling across
// DST changes and its limit, and which columns are keys.
import CallqJSON
import Foundation
import Testing

@testable import CallqOutput

@Suite struct ChartTests {
    let berlin = BucketCalendar(timeZone: TimeZone(identifier: "Europe/Berlin")!)

    @Test func barsAreEighthsOfTheLargest() {
        #expect(ChartBars.bar(10, largest: 10, cells: 5) == "█████")
        #expect(ChartBars.bar(5, largest: 10, cells: 5) == "██▌")
        #expect(ChartBars.bar(1, largest: 8, cells: 1) == "▏")
        #expect(ChartBars.bar(7, largest: 8, cells: 1) == "▉")
        #expect(ChartBars.bar(0.0001, largest: 1e9, cells: 40) == "▏")  // positive: never invisible
        #expect(ChartBars.bar(0, largest: 10, cells: 5) == "")
        #expect(ChartBars.bar(-3, largest: 10, cells: 5) == "")
        #expect(ChartBars.bar(.nan, largest: 10, cells: 5) == "")
        #expect(ChartBars.bar(5, largest: 0, cells: 5) == "")
        #expect(ChartBars.bar(5, largest: 10, cells: 0) == "")
        // Every length from 1 to 80 eighths is drawn with that many eighths.
        for n in 1...80 {
            let bar = ChartBars.bar(Double(n), largest: 80, cells: 10)
            let eighths = bar.reduce(0) { $0 + ($1 == "█" ? 8 : ChartBars.partials.firstIndex(of: String($1)) ?? 0) }
            #expect(eighths == n, "\(n): \(bar)")
        }
    }

    @Test func layoutLeavesRoomForTheWidestValue() {
        // 80 − value 4 − 2 spaces − label 10 = 64 cells of bar.
        #expect(ChartBars.layout(labelWidth: 10, valueWidth: 4, terminalWidth: 80) == (10, 64))
        // No keys: no label, one space.
        #expect(ChartBars.layout(labelWidth: 0, valueWidth: 4, terminalWidth: 80) == (0, 75))
        // A long label is cut so a quarter of the line stays for bars …
        #expect(ChartBars.layout(labelWidth: 70, valueWidth: 4, terminalWidth: 80) == (54, 20))
        // … but not below 12 cells; then there may be no bars at all.
        #expect(ChartBars.layout(labelWidth: 30, valueWidth: 4, terminalWidth: 10) == (12, 0))
        #expect(ChartBars.layout(labelWidth: 5, valueWidth: 4, terminalWidth: 3) == (5, 0))
    }

    func rows(_ buckets: [Int]) -> [ChartRow] { buckets.map { ChartRow(keys: [.int($0)], value: .int(1)) } }

    @Test func daysAcrossBothBerlinChangesAreLocalMidnights() {
        // 2024-03-30 … 2024-04-01 and 2024-10-26 … 2024-10-28: days of 24, 23, 24 and 24, 25, 24 hours.
        let spring = berlin.start(ofDay: BucketCalendar.days(year: 2024, month: 3, day: 30))
        let springEnd = berlin.start(ofDay: BucketCalendar.days(year: 2024, month: 4, day: 1))
        let filled = ChartGaps.fill(rows([springEnd, spring]), step: .day, calendar: berlin).rows
        #expect(filled.map { $0.keys[0].intValue! } == [spring, spring + 86400, spring + 86400 + 82800])
        #expect(filled.map(\.value) == [.int(1), .int(0), .int(1)])
        let fall = berlin.start(ofDay: BucketCalendar.days(year: 2024, month: 10, day: 26))
        let fallRows = ChartGaps.fill(rows([fall, fall + 86400 + 90000]), step: .day, calendar: berlin).rows
        #expect(fallRows.map { $0.keys[0].intValue! } == [fall, fall + 86400, fall + 86400 + 90000])
    }

    @Test func fifteenMinuteBinsOfTheLongDay() {
        // 2024-10-27 in Berlin has 25 hours: 100 bins from its first to its last.
        let day = berlin.start(ofDay: BucketCalendar.days(year: 2024, month: 10, day: 27))
        let last = day + 25 * 3600 - 900
        let filled = ChartGaps.fill(rows([day, last]), step: .timeBin(seconds: 900), calendar: berlin).rows
        #expect(filled.count == 100)
        #expect(Set(filled.map { $0.keys[0].intValue! }).count == 100)
    }

    @Test func otherKeysAreRepeatedInEveryBucketInFirstSeenOrder() {
        let d = berlin.start(ofDay: BucketCalendar.days(year: 2024, month: 11, day: 1))
        let input = [
            ChartRow(keys: [.int(d), "b"], value: 2), ChartRow(keys: [.int(d), "a"], value: 3),
            ChartRow(keys: [.null, "a"], value: 9), ChartRow(keys: [.int(d + 2 * 86400), "a"], value: 4)
        ]
        let out = ChartGaps.fill(input, step: .day, calendar: berlin).rows
        #expect(out.map { $0.keys[1] } == ["b", "a", "b", "a", "b", "a", "a"])
        #expect(out.map(\.value) == [2, 3, 0, 0, 0, 4, 9])
        #expect(out.last?.keys[0] == .null)
    }

    @Test func tooManyEmptyBucketsAreLeftOut() {
        let t = 1_700_000_000
        let (out, leftOut) = ChartGaps.fill(rows([t + 86400 * 30, t]), step: .timeBin(seconds: 1), calendar: berlin, limit: 1000)
        #expect(leftOut)
        #expect(out.map { $0.keys[0].intValue! } == [t, t + 86400 * 30])
        let (full, fine) = ChartGaps.fill(
            rows(Array(stride(from: t, to: t + 5000, by: 1))), step: .timeBin(seconds: 1),
            calendar: berlin, limit: 10)
        #expect(!fine && full.count == 5000)  // no gaps at all: many groups are not "too many gaps"
    }

    @Test func keysAreToldOrTheColumnsBeforeTheFirstNumber() {
        let columns = [Column("status", .enumeration([:])), Column("duration", .seconds), Column("count", .integer)]
        #expect(ChartColumns(columns: columns, keys: 2) == ChartColumns(keys: 2, value: 2))
        #expect(ChartColumns(columns: columns) == ChartColumns(keys: 1, value: 1))
        #expect(ChartColumns(columns: columns, keys: 9) == ChartColumns(keys: 3, value: nil))
        // Told two keys, the bar is the count, not the (numeric) second key.
        let text = try? renderOutput(
            columns: columns, rows: [OutputRow(["x", 65, 4]), OutputRow(["y", 5, 2])],
            summary: OutputSummary(rows: 2, requests: 0, seconds: 0),
            options: OutputOptions(format: .chart, terminalWidth: 30, chart: ChartColumns(columns: columns, keys: 2)))
        #expect(text == "x  1m05s ███████████████████ 4\ny  5s    █████████▌ 2\n")
    }

    @Test func aChartWithoutANumberShowsLabelsOnly() throws {
        let text = try renderOutput(
            columns: [Column("agent"), Column("min(name)")], rows: [OutputRow(["ann", "zed"])],
            summary: OutputSummary(rows: 1, requests: 0, seconds: 0),
            options: OutputOptions(format: .chart, chart: ChartColumns(keys: 1, value: nil)))
        #expect(text == "ann\n")
    }
}
