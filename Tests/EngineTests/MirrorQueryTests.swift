// The mirror's read side (SPEC §10.4, round three): counts and stats over the
// indexed columns are answered in SQL, everything else is parsed by the saved-
// file pipeline on every core; either way the answer is the API scan's. Explain
// prints the SQL the store runs (checked by running it with sqlite3), and a row
// that is not valid JSON is reported with the sync that mends it.
import CallbotSimulator
import CallqKit
import CallqPlanner
import Foundation
import Testing

@Suite(.serialized) struct MirrorQueryTests {
    static func synced(orders: Int = 600) async throws -> Harness {
        let h = try await MirrorTests.start(orders: orders)
        _ = try await MirrorTests.sync(h)
        return h
    }

    /// The queries of the benchmark and their neighbours: each answered from the mirror exactly as
    /// the API scan of the quiet simulator answers it, whichever way the mirror reads it.
    @Test func countsStatsAndRowsFromTheMirrorEqualTheAPIScan() async throws {
        let h = try await Self.synced()
        defer { Task { await h.stop() } }
        let queries: [(String, Plan.CountStrategy?)] = [
            ("where status in (6, 10, 11) and duration > 3 count", .mirrorCount),
            ("stats count(), avg(duration) by status", .mirrorGroups),
            ("stats count(), avg(duration) by day(started)", .mirrorGroups),
            ("where duration > 20 count by status, finish", .mirrorGroups),
            (
                "where finish = true stats min(started), max(duration), sum(duration), median(duration), "
                    + "percentile(duration, 90), count_distinct(status), share()", .mirrorGroups
            ),
            ("stats avg(duration) by status order by avg(duration) desc limit 3", .mirrorGroups),
            ("stats count(), avg(duration) by hour(started), finish", .mirrorGroups),
            ("where status in (6, 10, 11) and duration > 3 select id, name, duration", .scan),
            ("where name like '%a%' stats count(), avg(duration) by status", .mirrorGroups),
            ("where phone like '%1%' stats count(), avg(duration) by status", .scan),
            ("stats count() by name order by count() desc, name limit 5", .scan),
            ("stats countif(duration > 30), avg(duration) by status", .scan),
            ("where duration > 30 order by duration desc, id limit 7", .scan),
            ("where phone like '%7%'", .scan)
        ]
        for zone in ["UTC", "Asia/Shanghai"] {
            try await h.session.execute("set time_zone = '\(zone)'")
            for (query, strategy) in queries {
                let plan = try await h.session.explain("orders from mirror " + query)
                if let strategy { #expect(plan.count == strategy, "\(query)") }
                try await h.session.execute("orders from mirror " + query)
                let mirrored = h.takeOutput()
                try await h.session.execute("orders " + query)
                let scanned = h.takeOutput()
                #expect(!mirrored.isEmpty && mirrored == scanned, "\(zone): \(query)")
            }
        }
    }

    /// The SQL explain prints is the statement the store runs: sqlite3 sent that text, with the
    /// task's key and the printed arguments, gives callq's answer.
    @Test func explainPrintsTheSQLTheMirrorRuns() async throws {
        let h = try await Self.synced(orders: 300)
        defer { Task { await h.stop() } }
        let path = await h.session.mirrorPath
        func sql(_ query: String) async throws -> (String, [Int]) {
            let text = try await h.session.explain("orders from mirror " + query).explain()
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  sql: ") })
            let parts = line.dropFirst("  sql: ".count).components(separatedBy: "  -- ")
            return (parts[0], parts.count > 1 ? parts[1].components(separatedBy: ", ").map { Int($0)! } : [])
        }
        let (count, countArgs) = try await sql("where status in (6, 10, 11) and duration > 3 count")
        #expect(
            count == "SELECT count(*) FROM mirror_order INDEXED BY mirror_order_columns WHERE task_key = ? "
                + "AND (+status IN (?, ?, ?) AND +duration > ?)")
        #expect(countArgs == [6, 10, 11, 3])
        try await h.session.execute("orders from mirror where status in (6, 10, 11) and duration > 3 count")
        let answer = h.takeOutput()
        #expect(answer == "{\"count\":\(try MirrorSQL.run(path, count, countArgs)[0][0])}\n")

        let (groups, groupArgs) = try await sql("where duration >= 10 stats count(), avg(duration) by status")
        #expect(
            groups == "SELECT status, duration, count(*) FROM mirror_order INDEXED BY mirror_order_columns WHERE task_key = ? "
                + "AND (+duration >= ?) GROUP BY status, duration")
        let rows = try MirrorSQL.run(path, groups, groupArgs)
        try await h.session.execute("orders from mirror where duration >= 10 count")
        #expect(h.takeOutput() == "{\"count\":\(rows.reduce(0) { $0 + Int($1[2])! })}\n")

        // Grouping by a start time would sort every row for groups of one: its values are read as they are.
        let (days, _) = try await sql("stats count(), avg(duration) by day(started)")
        #expect(days == "SELECT started, duration, 1 FROM mirror_order INDEXED BY mirror_order_columns WHERE task_key = ?")
        let perRow = try MirrorSQL.run(path, days, [])
        try await h.session.execute("orders from mirror count")
        #expect(h.takeOutput() == "{\"count\":\(perRow.count)}\n")

        let (scan, scanArgs) = try await sql("where duration > 30 or status = 7 select id")
        #expect(
            scan == "SELECT position, json FROM mirror_order WHERE position >= ? AND position < ? "
                + "AND ((+duration > ? OR +status = ?)) ORDER BY position")
        let scanned = try MirrorSQL.run(path, scan, scanArgs)
        let ids = try await h.orderIDs("orders from mirror where duration > 30 or status = 7")
        #expect(scanned.count == ids.count && !ids.isEmpty)
    }

    @Test func aRowThatIsNotJSONNamesTheSyncThatMendsIt() async throws {
        let h = try await Self.synced(orders: 50)
        defer { Task { await h.stop() } }
        let path = await h.session.mirrorPath
        try MirrorTestDatabase.execute(
            path,
            "UPDATE mirror_order SET json = '{\"orderID\": ' WHERE position = "
                + "(SELECT position FROM mirror_order ORDER BY position LIMIT 1 OFFSET 20)")
        do {
            try await h.session.execute("orders from mirror where phone like '%1%' select id")
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("holds a row that is not valid JSON"), "\(error.message)")
            #expect(error.message.contains("sync task '\(h.firstTask.userTaskID)' full"), "\(error.message)")
        }
        // The indexed columns are intact: a count or stats over them still answers.
        try await h.session.execute("orders from mirror count")
        #expect(h.takeOutput() == "{\"count\":50}\n")
    }
}

/// A statement run by sqlite3 (python's) on a mirror file, with the first mirrored task bound
/// to its first `?` (its key) or two (its orders' position range).
enum MirrorSQL {
    static func run(_ path: String, _ sql: String, _ arguments: [Int]) throws -> [[String]] {
        let script = """
            import sqlite3, sys, json
            c = sqlite3.connect(sys.argv[1])
            key = c.execute('SELECT task_key FROM mirror_task_key LIMIT 1').fetchone()[0]
            task = [key << 44, (key + 1) << 44] if 'WHERE position >= ? AND position < ?' in sys.argv[2] else [key]
            for row in c.execute(sys.argv[2], task + json.loads(sys.argv[3])):
                print('\\t'.join(str(v) for v in row))
            """
        let p = Process()
        let out = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path, sql, "[" + arguments.map(String.init).joined(separator: ",") + "]"]
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CancellationError() }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.components(separatedBy: "\t") }
    }
}
