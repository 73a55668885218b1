// Test helpers: start a simulator for the length of a test, make a client
// for it with test-sized backoff, and compare fetched orders by raw bytes.

import CallbotAPI
import CallbotClient
import CallbotSimulator
import CallqJSON

/// Runs `body` against a fresh simulator and stops it afterwards.
func withSimulator<T>(
    _ config: SimulatorConfig = SimulatorConfig(tasks: 2, orders: 230),
    _ body: (RunningSimulator) async throws -> T
) async throws -> T {
    let sim = try await SimulatorServer.start(config)
    do {
        let result = try await body(sim)
        await sim.stop()
        return result
    } catch {
        await sim.stop()
        throw error
    }
}

/// A client for `sim` with millisecond backoff so retries keep tests fast.
func client(
    for sim: RunningSimulator, credentials: Credentials? = nil, verify: VerifyMode = .auto,
    maxAttempts: Int = 5, idsPerList: Int = 100, timeout: Duration = .seconds(10)
) -> CallbotClient {
    CallbotClient(
        config: CallbotClientConfig(
            baseURL: sim.baseURL, credentials: credentials ?? sim.credentials, timeout: timeout,
            maxAttempts: maxAttempts, backoffBase: .milliseconds(1), backoffCap: .milliseconds(4),
            verify: verify, idsPerList: idsPerList))
}

let noOptions = ListOrderOptions(json: .object([:]))

func options(_ o: JSONObject) -> ListOrderOptions { ListOrderOptions(json: .object(o)) }

/// Every order of a scan as raw text (for readable failure messages).
func fetchAll(
    _ client: CallbotClient, task: String, options: ListOrderOptions = noOptions,
    size: Int = 100, concurrency: Int = 4, pages: ClosedRange<Int>? = nil
) async throws -> [String] {
    let scan = try await client.orderScan(
        task: task, options: options, pages: pages, size: size,
        concurrency: concurrency)
    return try await scan.allOrders().map(\.text)
}

func expected(_ sim: RunningSimulator, task: String, options: ListOrderOptions = noOptions) -> [String] {
    sim.data.task(task)!.matching(options).map(\.text)
}

extension Order {
    var text: String { String(decoding: raw, as: UTF8.self) }
    var id: String { json["orderID"]?.stringValue ?? "" }
}
