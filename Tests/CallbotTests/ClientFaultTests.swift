// Faults and failures: every injected fault alone and all together give the
// fault-free result; mutations never duplicate rows; auth, tampered and
// malformed replies fail clearly, are not retried, and never leak the secret.

import CallbotAPI
import CallbotSimulator
import CallqJSON
import Testing

@testable import CallbotClient

struct ClientFaultTests {
    static let faultCases: [(String, Faults)] = [
        ("busy", Faults(busyRate: 0.3, retryAfter: 0)),
        ("error", Faults(errorRate: 0.3)),
        ("truncate", Faults(truncateRate: 0.3)),
        ("maintenance", Faults(maintenanceRate: 0.3)),
        ("throttle", Faults(retryAfter: 0, throttleRate: 0.3)),
        ("latency+jitter", Faults(latencyMs: 2, jitterMs: 8)),
        (
            "all",
            Faults(
                latencyMs: 1, jitterMs: 5, busyRate: 0.08, errorRate: 0.08, truncateRate: 0.08,
                maintenanceRate: 0.08, throttleRate: 0.08)
        )
    ]

    @Test(arguments: faultCases)
    func faultsDoNotChangeTheResult(name: String, faults: Faults) async throws {
        try await withSimulator(SimulatorConfig(seed: 3, tasks: 1, orders: 600, faults: faults)) { sim in
            let c = client(for: sim, maxAttempts: 12)
            let task = sim.taskIDs[0]
            let got = try await fetchAll(c, task: task, size: 25, concurrency: 4)
            #expect(got == expected(sim, task: task), "\(name)")
            let injected = sim.stats.faults.values.reduce(0, +)
            #expect(name.hasPrefix("latency") || injected > 0, "\(name) injected \(injected) faults")
            #expect(c.stats.retries == injected)
            #expect(sim.stats.repeatedRequestIDs == 0)  // every retry has a fresh requestID
        }
    }

    /// Orders added at the front while paging (a task still dialing) shift rows between
    /// requests; with concurrent pages finishing out of order, no order is lost or repeated.
    @Test(arguments: [1, 4, 8])
    func mutationsNeitherLoseNorDuplicateRows(concurrency: Int) async throws {
        try await withSimulator(
            SimulatorConfig(
                seed: 11, tasks: 1, orders: 600,
                faults: Faults(latencyMs: 2, jitterMs: 6, mutateRate: 0.5))
        ) { sim in
            let task = sim.taskIDs[0]
            let original = Set(sim.data.tasks[0].orders.map(\.id))
            let scan = try await client(for: sim).orderScan(
                task: task, options: noOptions, size: 20,
                concurrency: concurrency)
            let ids = try await scan.allOrders().map(\.id)
            #expect(Set(ids).count == ids.count)
            #expect(sim.stats.faults["mutate", default: 0] > 5)
            #expect(original.subtracting(ids).isEmpty)
        }
    }

    @Test func wrongSecretIsRetCode6WithResponseIDAndNotRetried() async throws {
        try await withSimulator { sim in
            let bad = Credentials(uuid: sim.uuid, secretKey: "not-the-secret-XYZ", algorithm: .sha256)
            let c = client(for: sim, credentials: bad)
            let error = await #expect(throws: CallbotError.self) {
                _ = try await c.orderScan(task: sim.taskIDs[0], options: noOptions)
            }
            #expect(error?.kind == .api)
            #expect(error?.retCode == .badSignature)
            #expect((error?.responseID ?? "").count > 8)
            #expect(error?.description.contains(error?.responseID ?? "?") == true)
            #expect(error?.description.contains("not-the-secret-XYZ") == false)
            #expect(error?.description.contains(sim.secretKey) == false)
            #expect(c.stats.requests == 1)
            #expect(sim.stats.count("listOrder") == 1)
            #expect(!bad.description.contains("not-the-secret-XYZ"))
        }
    }

    @Test func unknownAccountAndBadParametersAreNotRetried() async throws {
        try await withSimulator { sim in
            let stranger = client(for: sim, credentials: Credentials(uuid: "nobody", secretKey: "x", algorithm: .md5))
            let e1 = await #expect(throws: CallbotError.self) { _ = try await stranger.ping() }
            #expect(e1?.retCode == .noAccount && stranger.stats.requests == 1)
            let c = client(for: sim)
            let e2 = await #expect(throws: CallbotError.self) {
                _ = try await c.listOrder(ListOrderRequest(userTaskID: sim.taskIDs[0], options: noOptions, page: 1, size: 101))
            }
            #expect(e2?.retCode == .invalidValue)
            let e3 = await #expect(throws: CallbotError.self) {
                _ = try await c.listOrder(ListOrderRequest(userTaskID: "no-such-task", options: noOptions, page: 1, size: 10))
            }
            #expect(e3?.retCode == .invalidValue && e3?.description.contains("no-such-task") == true)
            let e4 = await #expect(throws: CallbotError.self) {
                _ = try await c.listOrder(ListOrderRequest(userTaskID: sim.taskIDs[0], options: noOptions, page: 0, size: 10))
            }
            #expect(e4?.retCode == .invalidValue)
            #expect(c.stats.requests == 3 && c.stats.retries == 0)
        }
    }

    @Test func tamperedReplyIsRefused() async throws {
        try await withSimulator(SimulatorConfig(faults: Faults(tamperRate: 1))) { sim in
            let c = client(for: sim)
            let error = await #expect(throws: CallbotError.self) { _ = try await c.ping() }
            #expect(error?.kind == .signature)
            #expect(error?.description.contains("does not match") == true)
            #expect(c.stats.requests == 1)
            let off = client(for: sim, verify: .off)  // verification off accepts it
            _ = try await off.ping()
        }
    }

    @Test func malformedRepliesAreClearErrors() async throws {
        try await withSimulator(SimulatorConfig(faults: Faults(shortBodyRate: 1))) { sim in
            let c = client(for: sim)
            let error = await #expect(throws: CallbotError.self) {
                _ = try await c.count(task: sim.taskIDs[0], options: noOptions)
            }
            #expect(error?.kind == .malformedReply)
            #expect(error?.description.hasPrefix("reply from listOrder is not valid JSON at byte ") == true)
        }
        try await withSimulator(SimulatorConfig(faults: Faults(htmlRate: 1))) { sim in
            let c = client(for: sim)
            let error = await #expect(throws: CallbotError.self) { _ = try await c.listTask(ListTaskRequest()) }
            #expect(error?.kind == .malformedReply)
            #expect(error?.description.contains("not valid JSON at byte 0") == true)
            #expect(error?.description.contains("<html>") == true)
            let strict = client(for: sim, verify: .strict)  // unsigned: strict refuses first
            let e2 = await #expect(throws: CallbotError.self) { _ = try await strict.ping() }
            #expect(e2?.kind == .signature)
        }
    }

    @Test func persistentServerErrorsGiveUpAfterMaxAttempts() async throws {
        try await withSimulator(SimulatorConfig(faults: Faults(errorRate: 1))) { sim in
            let c = client(for: sim, maxAttempts: 3)
            let error = await #expect(throws: CallbotError.self) { _ = try await c.ping() }
            #expect(error?.kind == .http && error?.httpStatus == 500 && error?.attempts == 3)
            #expect(c.stats.requests == 3 && c.stats.retries == 2)
            #expect(sim.stats.count("ping") == 3)
        }
    }

    /// A server never reached refuses: said plainly, at once (as curl does), not retried.
    @Test func refusedConnectionFailsAtOnceWhenTheServerWasNeverReached() async throws {
        let c = CallbotClient(
            config: CallbotClientConfig(
                baseURL: "http://127.0.0.1:1", credentials: SimulatorConfig.demoCredentials,
                maxAttempts: 4, backoffBase: .milliseconds(1), backoffCap: .milliseconds(2)))
        let error = await #expect(throws: CallbotError.self) { _ = try await c.ping() }
        #expect(error?.kind == .transport && error?.attempts == 1 && error?.connectionRefused == true)
        #expect(c.stats.requests == 1)
        #expect(error?.description.hasPrefix("ping failed: connection refused by 127.0.0.1:1 ") == true, "\(error!)")
        #expect(error?.description.contains("error set") == false)
        #expect(error?.description.contains(SimulatorConfig.demoCredentials.secretKey) == false)
    }

    /// A server that answered before and now refuses is restarting, perhaps: retried per policy.
    @Test func refusedConnectionIsRetriedAfterTheServerWasReached() async throws {
        let sim = try await SimulatorServer.start(SimulatorConfig(tasks: 1, orders: 5))
        let c = client(for: sim, maxAttempts: 3)
        _ = try await c.ping()
        await sim.stop()
        let error = await #expect(throws: CallbotError.self) { _ = try await c.ping() }
        #expect(error?.kind == .transport && error?.attempts == 3)
        // Refused, as a rule; on a crowded suite the stopping server may still accept, then reset or
        // never answer: each is retried the same way, and the message names the server.
        #expect(error?.description.contains("127.0.0.1:\(sim.port)") == true, "\(error!)")
        #expect(error?.description.hasSuffix("(after 3 attempts)") == true)
    }

    @Test func hostAndPortOfBaseURLs() {
        #expect(CallbotClient.hostAndPort("http://127.0.0.1:8080") == "127.0.0.1:8080")
        #expect(CallbotClient.hostAndPort("https://nxbot.nxcloud.com") == "nxbot.nxcloud.com:443")
        #expect(CallbotClient.hostAndPort("http://user@host/x") == "host:80")
        #expect(CallbotClient.hostAndPort("http://[::1]:9/") == "[::1]:9")
    }
}
