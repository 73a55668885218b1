// SPEC §9 end to end on `callq --demo`: every example of §9.1–§9.3 and of the
// cookbook's analytics recipes runs and prints rows; number output per §9.3 in
// table and json; analytics query errors exit 2 with the caret, also from --check.
import Foundation
import Testing

@Suite struct AnalyticsCLITests {
    static let examples = [
        "orders select started, hour(started), weekday(started), day(started), week(started), month(started) limit 5",
        "orders select started, bin(started, 15m), duration, bin(duration, 30s), duration / 1m as minutes limit 5",
        "orders select lower(name), upper(name), length(name), coalesce(agent, 'none') limit 5",
        "orders where hour(started) between 9 and 17 and duration / 1m > 1 select started, duration",
        "orders count by hour(started)",
        "orders stats count() as calls, 100 * countif(status = completed) / count() as answer_rate by day(started)",
        "orders stats countif(status = completed), sumif(duration, status = completed), avgif(duration, status = completed) by agentGroup",
        "orders stats percentile(duration, 90), percentile(duration, 0), median(duration), share() by status",
        "orders stats count() as calls, avg(duration) by agentGroup having calls > 10 order by calls desc",
        "orders count by status having count >= 5 order by count desc",
        "orders where status = failed stats count() as n, share() as pct by cause order by pct desc",
        "orders stats count() by bin(started, 15m)",
        "orders stats count() by weekday(started), hour(started) order by count() desc limit 5",
        "orders select started - 1h as earlier, now - started as age, ended - started as took limit 3"
    ]

    @Test(arguments: AnalyticsCLITests.examples)
    func exampleRuns(_ query: String) throws {
        for format in ["table", "json"] {
            let r = try callq(["--demo", "-c", "set tz = 'Europe/Berlin'", "-c", query + " format \(format)"])
            #expect(r.status == 0, "\(query): \(r.stderr)")
            #expect(!r.stdout.isEmpty, "\(query) printed nothing")
        }
    }

    @Test func numbersPerSection93() throws {
        let q =
            "orders stats count() as calls, 100 * countif(status = completed) / count() as rate, avg(duration) as d by agentGroup"
        let table = try callq(["--demo", "-c", q + " format table"])
        // Table: at most 2 decimals, durations as durations.
        for line in table.stdout.split(separator: "\n").dropFirst(2) where line.contains("|") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if let dot = cells[2].firstIndex(of: ".") {
                #expect(cells[2].distance(from: dot, to: cells[2].endIndex) <= 3, "\(line)")
            }
            #expect(cells[3].isEmpty || cells[3].last == "s" || cells[3].last == "m" || cells[3].last == "h", "\(line)")
        }
        // json: the shortest exact decimal, seconds as numbers.
        let json = try callq(["--demo", "-c", q + " format json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.contains { ($0["rate"] as? Double).map { $0 != $0.rounded() } ?? false })
        #expect(rows.allSatisfy { $0["d"] is NSNumber || $0["d"] is NSNull })
        // weekday raw in csv, named in the table.
        let csv = try callq(["--demo", "-c", "orders count by weekday(started) format csv"])
        #expect(
            csv.stdout.split(separator: "\n").dropFirst().allSatisfy {
                Int($0.split(separator: ",")[0]).map { (1...7).contains($0) } ?? $0.hasPrefix(",")
            })
        let t = try callq(["--demo", "-c", "orders count by weekday(started) format table"])
        #expect(
            t.stdout.contains("(")
                && ["mon(1)", "tue(2)", "wed(3)", "thu(4)", "fri(5)", "sat(6)", "sun(7)"].contains { t.stdout.contains($0) })
    }

    @Test func errorsExitTwoWithACaretAlsoFromCheck() throws {
        let bad = [
            "orders select houre(started)", "orders stats count(), agent by status", "orders select bin(started, 2d)",
            "orders stats count() by status having duration > 1", "orders select started * 2"
        ]
        for q in bad {
            let r = try callq(["--demo", "-c", q])
            #expect(r.status == 2, "\(q)")
            #expect(r.stderr.contains("^"), "\(q): \(r.stderr)")
        }
        let dir = NSTemporaryDirectory() + "callq-analytics-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/bad.cq"
        try bad.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let r = try callq(["--check", file])
        #expect(r.status == 2)
        #expect(r.stderr.components(separatedBy: "error:").count - 1 == bad.count, "\(r.stderr)")
        #expect(r.stderr.contains("did you mean `hour`?"))
    }
}
