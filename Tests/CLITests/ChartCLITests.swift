// `format chart` end to end (SPEC §9.4): bars from `callq --demo`, scaled to
// $COLUMNS (or 80) when stdout is not a terminal, the same text through
// `into 'file'`, and the query error for a result without groups — from a
// run, from `--check`, and from `--format chart`.
import Foundation
import Testing

@Suite struct ChartCLITests {
    /// Cells a chart line takes (the demo's status labels and the blocks are one cell each).
    func cells(_ line: Substring) -> Int { line.unicodeScalars.count }

    /// The eighths a line's bar is long (`█` is 8, `▏` 1, … `▉` 7).
    func eighths(_ line: Substring) -> Int {
        let partial: [Character: Int] = ["▏": 1, "▎": 2, "▍": 3, "▌": 4, "▋": 5, "▊": 6, "▉": 7]
        return line.reduce(0) { $0 + ($1 == "█" ? 8 : partial[$1] ?? 0) }
    }

    @Test func countByStatusDrawsABarPerGroup() throws {
        let r = try callq(["--demo", "-c", "orders count by status format chart"], environment: ["COLUMNS": "70"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count >= 3)
        // Every line: a status label, a bar unless the count is 0, then the count.
        var counts: [(count: Int, bar: Int)] = []
        for line in lines {
            let parts = line.split(separator: " ")
            guard let last = parts.last, let n = Int(last) else {
                Issue.record("line without a count: \(line)")
                continue
            }
            #expect(line.first?.isLetter == true, "no label: \(line)")
            #expect((eighths(line) > 0) == (n > 0), "bar and count disagree: \(line)")
            #expect(cells(line) <= 70, "wider than COLUMNS: \(line)")
            counts.append((n, eighths(line)))
        }
        // The largest count fills the line exactly; the bars are in proportion to the counts.
        let largest = try #require(counts.max { $0.count < $1.count })
        let widest = try #require(lines.map(cells).max())
        #expect(widest == 70)
        for c in counts where c.count > 0 {
            let exact = Double(c.count) / Double(largest.count) * Double(largest.bar)
            #expect(abs(Double(c.bar) - exact) <= 1, "bar of \(c.count): \(c.bar) eighths, expected about \(exact)")
        }
        // Bars start in one column: labels are padded to the widest.
        let starts = Set(
            lines.compactMap { l in l.firstIndex { "█▉▊▋▌▍▎▏".contains($0) }.map { l.distance(from: l.startIndex, to: $0) } })
        #expect(starts.count == 1)
    }

    @Test func intoFileWritesTheSameText() throws {
        let dir = NSTemporaryDirectory() + "callq-chart-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/chart.txt"
        let shown = try callq(["--demo", "-c", "orders count by status format chart"])
        let saved = try callq(["--demo", "-c", "orders count by status format chart into '\(file)'"])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == shown.stdout)
        #expect(shown.stdout.split(separator: "\n").map(cells).max() == 80)  // not a terminal, no $COLUMNS
    }

    @Test func aQueryWithoutGroupsIsAQueryError() throws {
        let rows = try callq(["--demo", "-c", "orders limit 3 format chart"])
        #expect(rows.status == 2)
        #expect(rows.stderr.contains("count by"))
        #expect(rows.stderr.contains("orders limit 3 format chart\n                        ^~~~~"))
        let total = try callq(["--demo", "-c", "orders count format chart"])
        #expect(total.status == 2 && total.stderr.contains("count by"))
        let check = try callq([
            "--task", "T", "--check",
            try writeTemp("c.cq", "orders count by status format chart\norders select phone format chart\n")
        ])
        #expect(check.status == 2)
        #expect(check.stderr.contains("c.cq:2:28: error:"))
        #expect(!check.stderr.contains("c.cq:1:"))
        let setting = try callq(["--demo", "--format", "chart", "-c", "orders limit 1"])
        #expect(setting.status == 2 && setting.stderr.contains("count by") && setting.stderr.contains("set format"))
        let grouped = try callq(["--demo", "--format", "chart", "-c", "orders count by status"])
        #expect(grouped.status == 0 && grouped.stdout.contains("█"))
        // An `into` whose extension names a format wins over the setting, as in a run.
        let csv = try callq([
            "--demo", "--format", "chart", "-c", "orders limit 1 into '\(NSTemporaryDirectory())callq-\(UUID().uuidString).csv'"
        ])
        #expect(csv.status == 0, "\(csv.stderr)")
    }
}
