// Hostile reply sizes and waits (#27-7, #27-11): a reply past `maxReplyBytes` fails at
// once with a clear message (not NIO's, not retried), a page holding more orders than
// `size` is a warning, and a Retry-After longer than the cap fails at once while a
// shorter one is announced before the wait.

import CallbotAPI
import CallbotClient
import CallbotSimulator
import Synchronization
import Testing

@Suite("reply limits", .serialized)
struct ReplyLimitTests {
    /// A client whose notices are collected.
    func noticingClient(
        _ sim: RunningSimulator, maxReplyBytes: Int = 64 << 20, retryAfterCap: Duration = .seconds(60),
        notices: Notices
    ) -> CallbotClient {
        var config = CallbotClientConfig(
            baseURL: sim.baseURL, credentials: sim.credentials, maxAttempts: 5,
            backoffBase: .milliseconds(1), backoffCap: .milliseconds(4),
            retryAfterCap: retryAfterCap)
        config.maxReplyBytes = maxReplyBytes
        config.notice = { text in notices.lines.withLock { $0.append(text) } }
        return CallbotClient(config: config)
    }

    @Test("a reply larger than maxReplyBytes fails once, with the limit named")
    func tooLargeFailsUnretried() async throws {
        var faults = Faults()
        faults.ignoreSize = true
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 600, faults: faults)) { sim in
            let notices = Notices()
            let c = noticingClient(sim, maxReplyBytes: 64 << 10, notices: notices)
            let task = sim.taskIDs[0]
            let error = await #expect(throws: CallbotError.self) {
                _ = try await c.listOrder(ListOrderRequest(userTaskID: task, page: 1, size: 10))
            }
            let text = try #require(error).description
            #expect(text.contains("more than max_reply = 64 KB"), "\(text)")
            #expect(!text.contains("NIO"))
            #expect(!text.contains("attempts"))  // not retried
            #expect(c.stats.requests == 1)
        }
    }

    @Test("a page holding more orders than size is a warning, given once")
    func oversizePageWarns() async throws {
        var faults = Faults()
        faults.ignoreSize = true
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 40, faults: faults)) { sim in
            let notices = Notices()
            let c = noticingClient(sim, notices: notices)
            let task = sim.taskIDs[0]
            _ = try await c.listOrder(ListOrderRequest(userTaskID: task, page: 1, size: 10))
            _ = try await c.listOrder(ListOrderRequest(userTaskID: task, page: 2, size: 10))
            let seen = notices.lines.withLock { $0 }
            #expect(seen.count == 1)
            #expect(seen.first?.contains("holds 40 orders, more than the 10 asked for") == true, "\(seen)")
        }
    }

    @Test("a server that ignores size gets one request ahead, not concurrency many: memory holds a page or two")
    func oversizePagesNarrowTheWindow() async throws {
        var faults = Faults(latencyMs: 50)  // requests overlap at the server
        faults.ignoreSize = true
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 400, faults: faults)) { sim in
            let c = noticingClient(sim, notices: Notices())
            let scan = try await c.orderScan(task: sim.taskIDs[0], options: noOptions, size: 10, concurrency: 16)
            #expect(scan.pageCount == 40)
            var pages = 0
            for try await page in scan {
                #expect(page.orders.count <= 400)
                pages += 1
                if pages == 8 { break }
            }
            #expect(sim.stats.maxInFlight <= 2, "\(sim.stats.maxInFlight) requests at once")
        }
    }

    /// Polls `condition` every 10 ms for up to 20 s.
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !condition() {
            try #require(ContinuousClock.now < deadline, "condition not met within 20 s")
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test("a page found oversize mid-scan narrows the window from then on")
    func oversizeMidScanNarrows() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 400, faults: Faults(latencyMs: 50))) { sim in
            let notices = Notices()
            let c = noticingClient(sim, notices: notices)
            let scan = try await c.orderScan(task: sim.taskIDs[0], options: noOptions, size: 10, concurrency: 8)
            var iterator = scan.makeAsyncIterator()
            for _ in 0..<3 { _ = try await iterator.next() }  // the window is open: 8 requests at once
            try await Self.waitUntil { sim.stats.inFlight == 0 }  // and its pages are in, waiting
            #expect(sim.stats.maxInFlight >= 4)
            sim.setIgnoreSize(true)  // from now on every page is the whole list
            _ = try await iterator.next()  // a request goes out, to come back oversize
            try await Self.waitUntil { !notices.lines.withLock { $0 }.isEmpty }  // it did
            try await Task.sleep(for: .milliseconds(100))
            sim.resetStats()
            var pages = 0
            while pages < 20, try await iterator.next() != nil { pages += 1 }
            #expect(pages == 20)
            #expect(sim.stats.maxInFlight <= 2, "\(sim.stats.maxInFlight) requests at once")
        }
    }

    @Test("a Retry-After above the cap fails at once, naming both")
    func longRetryAfterFailsAtOnce() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 20, faults: Faults(retryAfter: 86_400, throttleRate: 1))) {
            sim in
            let notices = Notices()
            let c = noticingClient(sim, retryAfterCap: .seconds(2), notices: notices)
            let started = ContinuousClock.now
            let error = await #expect(throws: CallbotError.self) {
                _ = try await c.listOrder(ListOrderRequest(userTaskID: sim.taskIDs[0], page: 1, size: 10))
            }
            #expect(ContinuousClock.now - started < .seconds(2))
            let text = try #require(error).description
            #expect(text.contains("the server asks to wait 1 day (Retry-After), more than retry_after_max = 2 s"), "\(text)")
        }
    }

    @Test("a Retry-After within the cap is announced before the wait")
    func retryAfterIsAnnounced() async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 20, faults: Faults(retryAfter: 1, throttleRate: 1))) { sim in
            let notices = Notices()
            let c = noticingClient(sim, retryAfterCap: .seconds(5), notices: notices)
            let task = Task { try await c.listOrder(ListOrderRequest(userTaskID: sim.taskIDs[0], page: 1, size: 10)) }
            defer { task.cancel() }
            // The notice comes when the first reply is in; on a crowded machine that can take a while.
            try await Self.waitUntil { !notices.lines.withLock { $0 }.isEmpty }
            task.cancel()
            _ = try? await task.value
            let seen = notices.lines.withLock { $0 }
            #expect(
                seen.first?.contains("waiting 1 s as the server asks (Retry-After) before attempt 2 of 5") == true,
                "\(seen)")
        }
    }
}

/// Notices a client gave, in order.
final class Notices: Sendable {
    let lines = Mutex<[String]>([])
}
