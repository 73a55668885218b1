// `~` end to end (#27-5, #27-6): Ctrl-C (SIGINT) stops a catastrophic regex within a
// second with status 130, and a value past the engine's limits is exit 1 naming the
// field and the value's length — never a silent count of 0.
import Foundation
import Testing

@Suite struct RegexCLITests {
    func savedOrders(_ names: [String]) throws -> String {
        let lines = names.enumerated().map { i, n in #"{"orderID":"o\#(i)","userTaskID":"t","userName":"\#(n)"}"# }
        return try writeTemp("orders.ndjson", lines.joined(separator: "\n") + "\n")
    }

    @Test("a value past the regex engine's limits is exit 1 naming the field and length")
    func engineLimitIsAnError() throws {
        let file = try savedOrders([String(repeating: "AB", count: 500_000)])
        let r = try callq(["-c", "orders from file '\(file)' where name ~ '^(AB)*$' count"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("userName (a value of 1,000,000 characters)"), "\(r.stderr)")
    }

    @Test("SIGINT stops a catastrophic regex within a second (exit 130)")
    func interruptStopsARegex() throws {
        let file = try savedOrders(Array(repeating: String(repeating: "A", count: 300) + "!", count: 4))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: productsDirectory() + "/callq")
        p.arguments = ["-c", "set regex_timeout = 1h", "-c", "orders from file '\(file)' where name ~ '(A+)+$' count"]
        p.environment = ["HOME": NSTemporaryDirectory(), "PATH": "/usr/bin:/bin"]
        p.standardInput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        usleep(1_000_000)  // well into the first value's search
        try #require(p.isRunning)
        let sent = Date()
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 1.0)
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 130)
    }
}
