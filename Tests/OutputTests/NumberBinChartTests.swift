// A chart of numeric bins shows its empty bins as zero rows between the first and
// the last, as time buckets do (issue 26 item 12: `bin(duration, 1m)` skipped 12m).
import CallqJSON
import Foundation
import Testing

@testable import CallqOutput

@Suite struct NumberBinChartTests {
    func chart(_ kind: ColumnKind, _ rows: [[JSONValue]]) throws -> [String] {
        let text = try renderOutput(
            columns: [Column("bin", kind), Column("count", .integer)], rows: rows.map { OutputRow($0) },
            summary: OutputSummary(rows: rows.count, requests: 1, seconds: 0),
            options: OutputOptions(format: .chart, terminalWidth: 40, chart: ChartColumns(keys: 1, value: 1)))
        return text.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
    }

    @Test func emptyBinsOfDurationsAreZeroRows() throws {
        let labels = try chart(
            .bucket(.seconds, .valueBin(60)), [[.int(660), .int(5)], [.int(780), .int(3)], [.int(600), .int(2)]])
        #expect(labels == ["10m", "11m", "12m", "13m"])
    }

    @Test func emptyBinsOfNumbersAreZeroRows() throws {
        let text = try renderOutput(
            columns: [Column("bin", .bucket(.integer, .valueBin(10))), Column("count", .integer)],
            rows: [OutputRow([.int(0), .int(4)]), OutputRow([.int(30), .int(1)])],
            summary: OutputSummary(rows: 2, requests: 1, seconds: 0),
            options: OutputOptions(format: .chart, terminalWidth: 40, chart: ChartColumns(keys: 1, value: 1)))
        #expect(text.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) } == ["0", "10", "20", "30"])
        #expect(text.contains("10 0\n") && text.contains("20 0\n"))
    }
}
