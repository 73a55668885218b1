// Queries end to end against the simulator: request counts of count pushdown,
// limits that stop paging, top-N sorting, aggregates against brute force, saved
// files answering like the API, and `into` never destroying a file on failure.
import CallbotAPI
import CallbotSimulator
import CallqJSON
import CallqKit
import Foundation
import Testing

@Suite(.serialized) struct QueryExecutionTests {
    @Test func countWithPushedFilterSendsOneRequest() async throws {
        let h = try await Harness.start(orders: 500)
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        try await h.session.execute("orders where status in (busy, 11) and duration > 30 count")
        #expect(h.sim.stats.requests == 1)
        let expected = h.firstTask.orders.filter { o in
            [10, 11].contains(o.callStatus ?? -1) && (o.callDuration ?? -1) > 30
        }.count
        #expect(h.takeOutput() == "{\"count\":\(expected)}\n")
    }

    @Test func aCountIsOneRequestWhateverItsOutputIsCalled() async throws {
        // Pages of 10: a scan would take 50 requests.
        let h = try await Harness.start(orders: 500, settings: [("size", "10")])
        defer { Task { await h.stop() } }
        let expected = h.firstTask.orders.filter { [10, 11].contains($0.callStatus ?? -1) }.count
        for (text, key) in [
            ("orders where status in (busy, 11) stats count()", "count()"),
            ("orders where status in (busy, 11) stats count() as n", "n")
        ] {
            h.sim.resetStats()
            try await h.session.execute(text)
            #expect(h.sim.stats.requests == 1, "\(text): \(h.sim.stats.requests) requests")
            #expect(h.takeOutput() == "{\"\(key)\":\(expected)}\n")
        }
        h.sim.resetStats()
        try await h.session.execute("orders stats count() as n by status")
        #expect(h.sim.stats.requests <= 22)
        var got: [Int: Int] = [:]
        for line in h.takeOutput().split(separator: "\n") {
            let v = try JSONParser.parse(String(line))
            got[v["status"]?.intValue ?? -1] = v["n"]?.intValue
        }
        var byStatus: [Int: Int] = [:]
        for o in h.firstTask.orders { byStatus[o.callStatus ?? -1, default: 0] += 1 }
        #expect(got == byStatus)
    }

    @Test func labelWritesAnEnumsNameInCSVAndJSON() async throws {
        let h = try await Harness.start(orders: 300)
        defer { Task { await h.stop() } }
        try await h.session.execute("orders where status = rejected select status, label(status) as why limit 1 format csv")
        #expect(h.takeOutput() == "status,why\r\n12,rejected\r\n")
        try await h.session.execute("orders where status = rejected select label(status) limit 1 format ndjson")
        #expect(h.takeOutput() == "{\"label(status)\":\"rejected\"}\n")
    }

    @Test func countByStatusUsesAtMostOneRequestPerStatus() async throws {
        let h = try await Harness.start(orders: 500)
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        try await h.session.execute("orders count by status")
        #expect(h.sim.stats.requests <= 22)
        var expected: [Int: Int] = [:]
        for o in h.firstTask.orders { expected[o.callStatus ?? -1, default: 0] += 1 }
        var got: [Int: Int] = [:]
        for line in h.takeOutput().split(separator: "\n") {
            let v = try JSONParser.parse(String(line))
            got[v["status"]?.intValue ?? -1] = v["count"]?.intValue
        }
        #expect(got == expected)
    }

    @Test func limitStopsPaging() async throws {
        let h = try await Harness.start(tasks: 1, orders: 20_000, settings: [("size", "100")])
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        let ids = try await h.orderIDs("orders limit 5")
        #expect(ids.count == 5)
        #expect(h.sim.stats.requests == 1, "page 1 holds the 5 rows; requests: \(h.sim.stats.requests)")
        #expect(ids == Array(h.firstTask.orders.prefix(5).compactMap(\.orderID)))
    }

    @Test func topNEqualsFullSort() async throws {
        let h = try await Harness.start(orders: 700)
        defer { Task { await h.stop() } }
        let ids = try await h.orderIDs("orders order by duration desc limit 10")
        // Stable: equal durations keep server order.
        let expected = h.firstTask.orders.enumerated().sorted { a, b in
            let x = a.element.callDuration ?? Int.min, y = b.element.callDuration ?? Int.min
            return x != y ? x > y : a.offset < b.offset
        }.prefix(10).compactMap(\.element.orderID)
        // Nulls sort first descending; the simulator's durations are never null for ended calls.
        #expect(ids == expected)
    }

    @Test func statsMatchBruteForce() async throws {
        let h = try await Harness.start(orders: 600)
        defer { Task { await h.stop() } }
        try await h.session.execute("orders where duration > 0 stats count(), sum(duration), max(duration), min(duration)")
        let v = try JSONParser.parse(h.takeOutput())
        let ds = h.firstTask.orders.compactMap(\.callDuration).filter { $0 > 0 }
        #expect(v["count()"]?.intValue == ds.count || v["count"]?.intValue == ds.count)
        #expect(v["sum(duration)"]?.intValue == ds.reduce(0, +))
        #expect(v["max(duration)"]?.intValue == ds.max())
        #expect(v["min(duration)"]?.intValue == ds.min())
    }

    @Test func savedFileAnswersLikeTheAPI() async throws {
        let h = try await Harness.start(orders: 400)
        defer { Task { await h.stop() } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("callq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("export.ndjson").path
        try await h.session.execute("orders into '\(path)'")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)  // CRLF (RFC 4180)
        #expect(lines.count == 400)
        for q in [
            "where status = busy", "where duration between 10 and 60 and intent = 'interested'",
            "where name like '%a%' or agentName is null", "where not (finish = true)", ""
        ] {
            let api = try await h.orderIDs("orders \(q)")
            let file = try await h.orderIDs("orders from file '\(path)' \(q)")
            #expect(api == file, "\(q)")
        }
        try await h.session.execute("orders from file '\(path)' count by status")
        let fromFile = h.takeOutput()
        try await h.session.execute("orders count by status")
        let fromAPI = h.takeOutput()
        #expect(Set(fromFile.split(separator: "\n")) == Set(fromAPI.split(separator: "\n")))
    }

    @Test func intoKeepsExistingFileWhenTheQueryFails() async throws {
        let h = try await Harness.start(orders: 50)
        defer { Task { await h.stop() } }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("callq-\(UUID().uuidString).ndjson").path
        try "precious\n".write(toFile: path, atomically: true, encoding: .utf8)
        await #expect(throws: CallqError.self) {
            try await h.session.execute("orders from file '/nonexistent/nope.ndjson' into '\(path)'")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
    }

    @Test func errorsCarryExitStatuses() async throws {
        let h = try await Harness.start(orders: 10)
        defer { Task { await h.stop() } }
        do {
            try await h.session.execute("orders where staus = busy")
            Issue.record("no error")
        } catch {
            #expect(error.exitStatus == 2)
            #expect(error.message.contains("did you mean `status`"))
            #expect(error.message.contains("^"))
        }
    }

    @Test func wrongSecretIsARuntimeErrorWithResponseID() async throws {
        let sim = try await SimulatorServer.start(SimulatorConfig(seed: 1, tasks: 1, orders: 10))
        defer { Task { await sim.stop() } }
        var creds = sim.credentials
        creds.secretKey = "wrong-secret-123"
        let session = CallqSession(
            connection: ConnectionSettings(baseURL: sim.baseURL, credentials: creds, tasks: sim.taskIDs),
            output: .memory(), warn: { _ in })
        do {
            try await session.execute("orders limit 1")
            Issue.record("no error")
        } catch {
            #expect(error.exitStatus == 1)
            #expect(error.message.contains("6"))
            #expect(error.message.lowercased().contains("responseid"))
            #expect(!error.message.contains("wrong-secret-123"))
        }
        await session.close()
    }
}

/// `tasks` runs through the engine like orders: typed fields (the vendor's `taskStat`), order by,
/// limit, every format and `into`.
@Suite(.serialized) struct TaskListTests {
    @Test func tasksIntoACSVFileWithStatistics() async throws {
        let h = try await Harness.start(tasks: 3, orders: 40)
        defer { Task { await h.stop() } }
        // The records as the API sends them (json/ndjson without select pass them through).
        try await h.session.execute("tasks")
        let records = h.takeOutput().split(separator: "\n").map { try! JSONParser.parse(String($0)) }
        #expect(records.count == 3)
        let path = NSTemporaryDirectory() + "callq-tasks-\(UUID().uuidString).csv"
        try await h.session.execute("tasks select task, totalCall, answerRate into '\(path)'")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)  // CRLF (RFC 4180)
        #expect(lines.first == "task,totalCall,answerRate")
        #expect(lines.count == 4)
        for (line, r) in zip(lines.dropFirst(), records) {
            let stat = r["taskStat"]
            #expect(stat?["totalCall"]?.intValue != nil && stat?["answerRate"]?.doubleValue != nil)
            #expect(
                line
                    == "\(r["userTaskID"]!.stringValue!),\(stat!["totalCall"]!.intValue!),\(JSONWriter.string(stat!["answerRate"]!))"
            )
        }
    }

    @Test func tasksSortLimitAndCount() async throws {
        let h = try await Harness.start(tasks: 5, orders: 20)
        defer { Task { await h.stop() } }
        try await h.session.execute("tasks select task, calls")
        let all = h.takeOutput().split(separator: "\n").map { try! JSONParser.parse(String($0)) }
        try await h.session.execute("tasks select task, calls order by calls desc, task limit 2")
        let got = h.takeOutput().split(separator: "\n").map { try! JSONParser.parse(String($0)) }
        let expected = all.sorted { a, b in
            let x = a["calls"]!.intValue!, y = b["calls"]!.intValue!
            return x != y ? x > y : a["task"]!.stringValue! < b["task"]!.stringValue!
        }.prefix(2)
        #expect(got == Array(expected))
        try await h.session.execute("tasks count by status")
        #expect(h.takeOutput().contains("\"count\":"))
    }
}

@Suite(.serialized) struct BudgetAndBadInputTests {
    @Test func pageBudgetFailsAScriptNamingCountAndSetting() async throws {
        let h = try await Harness.start(tasks: 1, orders: 500, settings: [("max_pages", "2"), ("size", "100")])
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        do {
            try await h.session.execute("orders")
            Issue.record("no error")
        } catch {
            #expect(error.exitStatus == 1)
            #expect(error.message.contains("5 page requests") && error.message.contains("max_pages = 2"))
            #expect(error.message.contains("`set max_pages = 5`"))
        }
        #expect(h.sim.stats.requests == 1)  // only page 1, which told the total
        #expect(!h.takeOutput().contains("orderID"))  // nothing written before the refusal
    }

    /// Issue 12 item 4: a `limit` without order by or groups is budgeted by the requests actually
    /// sent — it usually stops long before the last page.
    @Test func limitIsBudgetedByRequestsSent() async throws {
        let h = try await Harness.start(tasks: 1, orders: 3_000, settings: [("max_pages", "5"), ("size", "100")])
        defer { Task { await h.stop() } }
        h.sim.resetStats()
        let ids = try await h.orderIDs("orders select id limit 2")
        #expect(ids == Array(h.firstTask.orders.prefix(2).compactMap(\.orderID)))
        #expect(h.sim.stats.requests == 1)
        // A limit the filter never fills stops once max_pages requests have been sent.
        h.sim.resetStats()
        do {
            try await h.session.execute("orders where name like '%no such name%' select id limit 2")
            Issue.record("no error")
        } catch {
            #expect(error.exitStatus == 1)
            #expect(error.message.contains("has sent 5 page requests (max_pages = 5)"), "\(error.message)")
        }
        #expect(h.sim.stats.requests <= 5 + 4)  // the pages read, plus at most the window in flight
        // The REPL is asked instead, and going on finishes the scan.
        await h.session.setConfirmLargeScan { question in question.contains("has sent") }
        try await h.session.execute("orders where name like '%no such name%' select id limit 2")
        #expect(h.takeOutput() == "")
    }

    @Test func badLinesFailWithTheirNumberOrAreSkipped() async throws {
        let h = try await Harness.start(tasks: 1, orders: 3)
        defer { Task { await h.stop() } }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("callq-bad-\(UUID().uuidString).ndjson").path
        try "{\"orderID\":\"a\"}\nnot json\n{\"orderID\":\"b\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            try await h.session.execute("orders from file '\(path)' count")
            Issue.record("no error")
        } catch {
            #expect(error.exitStatus == 1)
            #expect(error.message.contains("\(path):2:"))
        }
        try await h.session.execute("set on_bad_line = skip")
        try await h.session.execute("orders from file '\(path)' count")
        #expect(h.takeOutput().hasSuffix("{\"count\":2}\n"))
    }

    @Test func showMasksTheSecret() async throws {
        let h = try await Harness.start(tasks: 1, orders: 3)
        defer { Task { await h.stop() } }
        let listing = await h.session.showListing
        #expect(listing.contains("secret_key = ****"))
        #expect(!listing.contains(h.sim.secretKey))
    }

    /// Issue #12.17: `.show` names the zone as the docs do, `UTC`, whichever spelling set it.
    @Test func showSaysUTC() async throws {
        let h = try await Harness.start(tasks: 1, orders: 3)
        defer { Task { await h.stop() } }
        try await h.session.apply(setting: "tz", value: "utc")
        let listing = await h.session.showListing
        #expect(listing.split(separator: "\n").contains("  tz = UTC"), "\(listing)")
    }
}
