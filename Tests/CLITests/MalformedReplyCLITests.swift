// `callq` against `callq sim --malformed KIND`: garbage from the API is exit 1
// with one clear line on stderr (never a crash, a hang or a secret), tolerated
// kinds give every row, and a huge totalCount stops at the page budget.
import Foundation
import Testing

/// A `callq sim` started on a free port, stopped by `stop()`.
final class SimProcess {
    let process = Process()
    var baseURL = "", uuid = "", secretKey = ""

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: productsDirectory() + "/callq")
        process.arguments = ["sim", "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var banner = Data()
        while !banner.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner.append(chunk)
        }
        // "callq simulator at URL  uuid=U  secret-key=S  tasks=…"
        for word in String(decoding: banner, as: UTF8.self).split(whereSeparator: \.isWhitespace) {
            if word.hasPrefix("http://") { baseURL = String(word) }
            if word.hasPrefix("uuid=") { uuid = String(word.dropFirst(5)) }
            if word.hasPrefix("secret-key=") { secretKey = String(word.dropFirst(11)) }
        }
        if baseURL.isEmpty { stop() }
    }

    /// `callq` connected to this simulator, with two attempts per request.
    func run(_ statements: String) throws -> Run {
        try callq([
            "--base-url", baseURL, "--uuid", uuid, "--secret-key", secretKey, "--task", "demo-task",
            "--no-progress", "-c", "set retries = 2\n" + statements
        ])
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

@Suite(.timeLimit(.minutes(1)))
struct MalformedReplyCLITests {
    /// Kinds that fail, with a phrase their one stderr line holds.
    static let failing: [(String, String)] = [
        ("html", "listOrder failed: HTTP 502, text/html, 150 bytes: \"<html> <head><title>502 Bad Gateway"),
        ("login-page", "reply from listOrder is not valid JSON at byte 0"),
        ("empty", "reply from listOrder is empty; received HTTP 200, application/json, 0 bytes (after 2 attempts)"),
        ("truncated", "reply from listOrder is not valid JSON at byte "),
        ("not-utf8", "reply from listOrder is not valid UTF-8 at byte 23"),
        ("deep", "nesting deeper than 256 levels"),
        ("nulls", "reply from listOrder has no retCode"),
        ("missing-orderlist", "reply from listOrder has no orderList, yet its totalCount is 57"),
        ("orderlist-object", "has an orderList that is an object, not an array")
    ]

    @Test(arguments: failing)
    func garbageIsExitOneWithOneLine(kind: String, phrase: String) throws {
        let sim = try SimProcess(["--malformed", kind, "--tasks", "1", "--orders", "57"])
        defer { sim.stop() }
        #expect(!sim.baseURL.isEmpty)
        let r = try sim.run("orders")
        #expect(r.status == 1, "\(kind): \(r.stderr)")
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(kind): \(r.stderr)")
        #expect(r.stderr.hasPrefix("-c:2:1: error: ") && r.stderr.contains(phrase), "\(kind): \(r.stderr)")
        #expect(!r.stderr.contains(sim.secretKey))
    }

    @Test(arguments: ["null-fields", "strings-for-numbers", "non-object-orders"])
    func toleratedKindsGiveEveryRow(kind: String) throws {
        let sim = try SimProcess(["--malformed", kind, "--tasks", "1", "--orders", "57"])
        defer { sim.stop() }
        let r = try sim.run("orders select id, status, duration")
        #expect(r.status == 0, "\(kind): \(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 57)
        if kind == "null-fields" {
            #expect(r.stdout.contains(#"{"id":null,"status":null,"duration":null}"#))
            return
        }
        // Numbers sent as strings are numbers in every column, group and sum.
        let clean = try SimProcess(["--tasks", "1", "--orders", "57"])
        defer { clean.stop() }
        let statements = "orders select id, status, duration\norders stats sum(duration), max(duration) by status"
        let got = try sim.run(statements), want = try clean.run(statements)
        #expect(got.status == 0 && got.stdout == want.stdout, "\(kind): \(got.stdout)")
    }

    @Test func hugeTotalStopsAtThePageBudgetPromptly() throws {
        let sim = try SimProcess(["--malformed", "huge-total", "--tasks", "1", "--orders", "57"])
        defer { sim.stop() }
        let started = Date()
        let r = try sim.run("orders")
        #expect(r.status == 1)
        #expect(r.stderr.contains("this query needs 10000000000 page requests, more than max_pages = 1000"), "\(r.stderr)")
        #expect(!r.stderr.contains("set max_pages"), "suggests a value `set` refuses: \(r.stderr)")
        let count = try sim.run("orders count")
        #expect(count.status == 1)
        #expect(count.stderr.contains("has totalCount 1000000000000 but no order on its first page"), "\(count.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func anEmptyPageMidScanEndsItWithAWarning() throws {
        // Seed 9: the first reply is good, a later one claims 10^12 orders over an empty page.
        let sim = try SimProcess([
            "--malformed", "huge-total", "--malformed-rate", "0.3", "--seed", "9",
            "--tasks", "1", "--orders", "300"
        ])
        defer { sim.stop() }
        let r = try sim.run("set size = 20\nset concurrency = 1\norders select id")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").count
        #expect(rows > 0 && rows < 300 && rows % 20 == 0)
        #expect(
            r.stderr.contains(
                "warning: task demo-task: page \(rows / 20 + 1) came back empty although its totalCount is 1000000000000; the task's later pages were not fetched, so results may be incomplete"
            ), "\(r.stderr)")
    }

    @Test func simRejectsUnknownKindsAndBadRates() throws {
        let unknown = try callq(["sim", "--malformed", "html,bogus"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown kind bogus"))
        let rate = try callq(["sim", "--malformed", "html", "--malformed-rate", "2"])
        #expect(rate.status == 2 && rate.stderr.contains("--malformed-rate"))
        let help = try callq(["sim", "--help"])
        #expect(help.stdout.contains("--malformed <kind,…>") && help.stdout.contains("--malformed-rate"))
        #expect(help.stdout.contains("huge-total"))
    }
}
