// Analytics proven against a straightforward reference: random `count … by` /
// `stats … by …` statements with computed keys, conditional aggregates,
// percentiles, shares and arithmetic over aggregates, over random saved orders
// around Europe/Berlin's daylight-saving switches, give exactly the groups and
// values a plain Swift implementation (Foundation's Calendar for the time
// functions) computes. Decimals compare with a relative tolerance.
import CallqJSON
import CallqKit
import Foundation
import Testing

@Suite struct AnalyticsPropertyTests {
    /// One random order as the reference sees it.
    struct Row: Sendable {
        var id: String
        var status: Int
        var started: Int?
        var duration: Int?
        var group: String?

        var json: String {
            var detail = ["\"callStatus\":\(status)"]
            if let started { detail.append("\"callStartTs\":\(started)") }
            if let duration { detail.append("\"callDuration\":\(duration)") }
            if let group { detail.append("\"agent\":{\"agentGroup\":\"\(group)\"}") }
            return "{\"orderID\":\"\(id)\",\"userTaskID\":\"T\",\"callInfoDetail\":{\(detail.joined(separator: ","))}}"
        }
    }

    /// A key: callq text and the reference's value (nil is null).
    struct Key: Sendable { var text: String; var value: @Sendable (Row) -> Double? }
    /// An aggregate: callq text and the reference over a group's rows (all rows that passed `where` given too).
    struct Agg: Sendable { var text: String; var value: @Sendable ([Row], Int) -> Double? }

    static let zone = TimeZone(identifier: "Europe/Berlin")!
    static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zone
        return c
    }

    static func localMidnight(_ t: Int) -> Int {
        Int(calendar.startOfDay(for: Date(timeIntervalSince1970: Double(t))).timeIntervalSince1970)
    }

    static let keys: [Key] = [
        Key(text: "status") { Double($0.status) },
        Key(text: "agentGroup") { $0.group.map { Double($0.hashValue & 0xFFFF) } },
        Key(text: "hour(started)") { r in
            r.started.map { Double(calendar.component(.hour, from: Date(timeIntervalSince1970: Double($0)))) }
        },
        Key(text: "day(started)") { r in r.started.map { Double(localMidnight($0)) } },
        Key(text: "weekday(started)") { r in
            r.started.map { Double((calendar.component(.weekday, from: Date(timeIntervalSince1970: Double($0))) + 5) % 7 + 1) }
        },
        Key(text: "bin(started, 1h)") { r in
            r.started.map {
                let m = localMidnight($0); return Double(m + ($0 - m) / 3600 * 3600)
            }
        },
        Key(text: "bin(started, 15m)") { r in
            r.started.map {
                let m = localMidnight($0); return Double(m + ($0 - m) / 900 * 900)
            }
        },
        Key(text: "bin(duration, 60s)") { r in r.duration.map { Double($0 / 60 * 60) } },
        Key(text: "duration / 1m") { r in r.duration.map { Double($0) / 60 } }
    ]

    /// The smallest value with at least P % of the values ≤ it (the definition, walked).
    static func nearestRank(_ values: [Double], _ p: Double) -> Double? {
        let s = values.sorted()
        for (i, v) in s.enumerated() where Double(i + 1) * 100 >= p * Double(s.count) { return v }
        return nil
    }

    static func durations(_ rows: [Row]) -> [Double] { rows.compactMap { $0.duration.map(Double.init) } }

    static let aggregates: [Agg] = [
        Agg(text: "count()") { rows, _ in Double(rows.count) },
        Agg(text: "countif(status = completed)") { rows, _ in Double(rows.filter { $0.status == 6 }.count) },
        Agg(text: "sum(duration)") { rows, _ in
            let d = durations(rows); return d.isEmpty ? nil : d.reduce(0, +)
        },
        Agg(text: "avg(duration)") { rows, _ in
            let d = durations(rows); return d.isEmpty ? nil : d.reduce(0, +) / Double(d.count)
        },
        Agg(text: "min(duration)") { rows, _ in durations(rows).min() },
        Agg(text: "max(started)") { rows, _ in rows.compactMap { $0.started.map(Double.init) }.max() },
        Agg(text: "median(duration)") { rows, _ in nearestRank(durations(rows), 50) },
        Agg(text: "percentile(duration, 90)") { rows, _ in nearestRank(durations(rows), 90) },
        Agg(text: "percentile(duration, 0)") { rows, _ in durations(rows).min() },
        Agg(text: "share()") { rows, all in all == 0 ? nil : 100 * Double(rows.count) / Double(all) },
        Agg(text: "sumif(duration, status = busy)") { rows, _ in
            let d = durations(rows.filter { $0.status == 10 }); return d.isEmpty ? nil : d.reduce(0, +)
        },
        Agg(text: "avgif(duration, duration > 60)") { rows, _ in
            let d = durations(rows).filter { $0 > 60 }; return d.isEmpty ? nil : d.reduce(0, +) / Double(d.count)
        },
        Agg(text: "100 * countif(status = completed) / count()") { rows, _ in
            rows.isEmpty ? nil : 100 * Double(rows.filter { $0.status == 6 }.count) / Double(rows.count)
        },
        Agg(text: "count_distinct(agentGroup)") { rows, _ in Double(Set(rows.compactMap(\.group)).count) },
        Agg(text: "max(duration) - min(duration)") { rows, _ in
            let d = durations(rows); return d.isEmpty ? nil : d.max()! - d.min()!
        }
    ]

    static let filters: [(text: String, keep: @Sendable (Row) -> Bool)] = [
        ("", { _ in true }),
        ("where duration > 120", { ($0.duration ?? -1) > 120 }),
        (
            "where hour(started) between 1 and 3",
            { r in
                r.started.map { (1...3).contains(calendar.component(.hour, from: Date(timeIntervalSince1970: Double($0)))) }
                    ?? false
            }
        ),
        (
            "where status in (6, 10) and duration / 1m >= 1.5",
            { [6, 10].contains($0.status) && Double($0.duration ?? -1) / 60 >= 1.5 }
        )
    ]

    /// Random orders within a few days of Berlin's switches (2024-03-31 and 2024-10-27, 01:00 UTC).
    static func orders(_ n: Int, seed: UInt64) -> [Row] {
        var g = SplitMix(seed: seed)
        let switches = [1_711_846_800, 1_729_990_800]
        return (0..<n).map { i in
            let base = switches[Int(g.next() % 2)]
            return Row(
                id: "o\(i)", status: [1, 6, 6, 6, 8, 10, 12, 22][Int(g.next() % 8)],
                started: g.next() % 10 == 0 ? nil : base - 2 * 86400 + Int(g.next() % UInt64(4 * 86400)),
                duration: g.next() % 8 == 0 ? nil : Int(g.next() % 900),
                group: [nil, "sales", "support", "客服"][Int(g.next() % 4)])
        }
    }

    @Test func randomStatementsMatchTheReference() async throws {
        let rows = Self.orders(600, seed: 7)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("callq-analytics-\(UUID().uuidString).ndjson")
            .path
        try rows.map(\.json).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let session = CallqSession(
            connection: ConnectionSettings(baseURL: "http://127.0.0.1:9", credentials: nil, tasks: []),
            output: .memory(), warn: { _ in })
        try await session.execute("set tz = 'Europe/Berlin'")
        var g = SplitMix(seed: 99)
        var failures: [String] = []
        var nonEmpty = 0
        for _ in 0..<150 {
            let keyCount = Int(g.next() % 3)
            var keys: [Key] = []
            while keys.count < keyCount {
                let k = Self.keys[Int(g.next() % UInt64(Self.keys.count))]
                if !keys.contains(where: { $0.text == k.text }) { keys.append(k) }
            }
            var aggs: [Agg] = []
            for _ in 0..<(1 + Int(g.next() % 3)) {
                let a = Self.aggregates[Int(g.next() % UInt64(Self.aggregates.count))]
                if !aggs.contains(where: { $0.text == a.text }) { aggs.append(a) }
            }
            let filter = Self.filters[Int(g.next() % UInt64(Self.filters.count))]
            let text =
                "orders from file '\(path)' \(filter.text) stats " + aggs.map(\.text).joined(separator: ", ")
                + (keys.isEmpty ? "" : " by " + keys.map(\.text).joined(separator: ", "))

            // Reference: filter, group, compute.
            let kept = rows.filter(filter.keep)
            var groups: [[Double?]: [Row]] = [:]
            for r in kept { groups[keys.map { $0.value(r) }, default: []].append(r) }
            if keys.isEmpty && groups.isEmpty { groups[[]] = [] }
            var expected: [[Double?]: [Double?]] = [:]
            for (k, members) in groups { expected[k] = aggs.map { $0.value(members, kept.count) } }

            var got: [[Double?]: [Double?]] = [:]
            do {
                for try await row in try await session.rows(text) {
                    let v = row.values.map { Self.number($0) }
                    var key = Array(v.prefix(keys.count))
                    for (i, k) in keys.enumerated() where k.text == "agentGroup" {
                        key[i] = row.values[i].stringValue.map { Double($0.hashValue & 0xFFFF) }
                    }
                    got[key] = Array(v.dropFirst(keys.count))
                }
            } catch {
                failures.append("\(text): \(error)")
                continue
            }
            if got.count > 1 { nonEmpty += 1 }
            if !Self.same(got, expected) {
                failures.append(
                    "\(text)\n  expected \(expected.count) groups, got \(got.count): "
                        + "\(expected.sorted { "\($0.key)" < "\($1.key)" }.prefix(3)) vs \(got.sorted { "\($0.key)" < "\($1.key)" }.prefix(3))"
                )
            }
            if failures.count > 3 { break }
        }
        await session.close()
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(nonEmpty > 50)
    }

    static func number(_ v: JSONValue) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    static func same(_ a: [[Double?]: [Double?]], _ b: [[Double?]: [Double?]]) -> Bool {
        guard a.count == b.count else { return false }
        for (k, x) in a {
            // Keys may be decimals (duration / 1m): find the reference key within tolerance.
            guard let y = b[k] ?? b.first(where: { close($0.key, k) })?.value, close(x, y) else { return false }
        }
        return true
    }

    static func close(_ x: [Double?], _ y: [Double?]) -> Bool {
        x.count == y.count
            && zip(x, y).allSatisfy { p, q in
                switch (p, q) {
                case (nil, nil): true
                case (let p?, let q?): abs(p - q) <= 1e-9 * max(1, abs(p), abs(q))
                default: false
                }
            }
    }
}
