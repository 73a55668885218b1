// Retry timing rules (backoff with full jitter, capped; Retry-After honoured),
// per-attempt timeouts, and both signing algorithms end to end.

import CallbotAPI
import CallbotSimulator
import Testing

@testable import CallbotClient

struct ClientPolicyTests {
    @Test func backoffIsCappedFullJitterAndHonoursRetryAfter() {
        let policy = RetryPolicy(base: .milliseconds(100), cap: .milliseconds(800), retryAfterCap: .seconds(5))
        for failures in 1...12 {
            let ceiling = min(800, 100 << (failures - 1))
            let delays = (0..<50).map { _ in policy.delay(afterFailures: failures, retryAfter: nil) }
            #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(ceiling) })
        }
        let spread = Set((0..<50).map { _ in policy.delay(afterFailures: 4, retryAfter: nil) })
        #expect(spread.count > 5)  // jitter, not a fixed wait
        #expect(policy.delay(afterFailures: 1, retryAfter: .seconds(2)) >= .seconds(2))
        #expect(policy.delay(afterFailures: 1, retryAfter: .seconds(60)) == .seconds(5))
        #expect(RetryPolicy.retryAfter("3") == .seconds(3))
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }

    @Test func slowRepliesTimeOutAndAreRetried() async throws {
        try await withSimulator(SimulatorConfig(faults: Faults(latencyMs: 400))) { sim in
            let c = client(for: sim, maxAttempts: 2, timeout: .milliseconds(50))
            let error = await #expect(throws: CallbotError.self) { _ = try await c.ping() }
            #expect(error?.kind == .transport && error?.attempts == 2)
            #expect(error?.description.contains("no complete reply within 50 ms") == true)
            #expect(c.stats.requests == 2 && c.stats.retries == 1)
        }
    }

    @Test(arguments: [SignAlgorithm.md5, .sha256])
    func bothAlgorithmsEndToEnd(algorithm: SignAlgorithm) async throws {
        try await withSimulator(SimulatorConfig(tasks: 1, orders: 120)) { sim in
            let creds = Credentials(uuid: sim.uuid, secretKey: sim.secretKey, algorithm: algorithm)
            let c = client(for: sim, credentials: creds, verify: .strict)
            let got = try await fetchAll(c, task: sim.taskIDs[0], size: 50)
            #expect(got == expected(sim, task: sim.taskIDs[0]))
        }
    }

    @Test func bannerNamesEverythingNeededToConnect() async throws {
        try await withSimulator { sim in
            #expect(sim.banner.contains(sim.baseURL) && sim.banner.contains(sim.uuid))
            #expect(sim.banner.contains(sim.secretKey) && sim.banner.contains(SimulatorConfig.demoTaskID))
            #expect(sim.port > 0 && sim.baseURL.hasPrefix("http://127.0.0.1:"))
            sim.resetStats()
            #expect(sim.stats.requests == 0)
        }
    }
}
