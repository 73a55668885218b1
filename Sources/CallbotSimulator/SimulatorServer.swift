// The simulator as a real HTTP server on 127.0.0.1 (Hummingbird 2). Starts on
// a free or given port and hands back a `RunningSimulator` to query and stop.

import CallbotAPI
import Hummingbird
import Logging
import ServiceLifecycle  // via Hummingbird: graceful shutdown (cancelling the server can trap in NIO)
import Synchronization

/// Starts simulator servers.
public enum SimulatorServer {
    /// Starts a simulator on 127.0.0.1 and returns once it accepts connections.
    public static func start(_ config: SimulatorConfig) async throws -> RunningSimulator {
        let service = SimulatorService(config: config)
        var logger = Logger(label: "callq.simulator")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let failure = Mutex<String?>(nil)
        let app = Application(
            responder: SimulatorResponder(service: service),
            configuration: ApplicationConfiguration(
                address: .hostname("127.0.0.1", port: config.port),
                serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger))
        let task = Task {
            do {
                try await group.run()
            } catch {
                failure.withLock { $0 = String(describing: error) }
            }
            continuation.finish()
        }
        var port: Int?
        for await p in ports { port = p }
        guard let port, port > 0 else {
            await group.triggerGracefulShutdown()
            throw SimulatorStartError(message: failure.withLock { $0 } ?? "the server did not start")
        }
        return RunningSimulator(service: service, port: port, task: task, group: group)
    }
}

/// The simulator could not listen (e.g. the port is taken).
public struct SimulatorStartError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "simulator did not start: \(message)" }
}

/// A started simulator: where it listens, its account, its data and counters.
public final class RunningSimulator: Sendable {
    let service: SimulatorService
    private let task: Task<Void, Never>
    private let group: ServiceGroup
    /// The port on 127.0.0.1.
    public let port: Int

    init(service: SimulatorService, port: Int, task: Task<Void, Never>, group: ServiceGroup) {
        self.service = service
        self.port = port
        self.task = task
        self.group = group
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var credentials: Credentials { service.config.credentials }
    public var uuid: String { credentials.uuid }
    public var secretKey: String { credentials.secretKey }
    public var config: SimulatorConfig { service.config }
    /// Task ids, the demo task first.
    public var taskIDs: [String] { service.store.data.taskIDs }
    /// The current data, including orders added by mutate faults.
    public var data: SimulatorData { service.store.data }
    /// The request counters since start or the last `resetStats()`.
    public var stats: SimulatorStats { service.stats.snapshot }
    public func resetStats() { service.stats.reset() }

    /// The one line `callq sim` prints: URL, uuid, secret key and task ids.
    public var banner: String {
        "callq simulator at \(baseURL)  uuid=\(uuid)  secret-key=\(secretKey)  tasks=\(taskIDs.joined(separator: ","))"
    }

    /// Stops listening, lets requests in flight finish, and waits until the server is down.
    public func stop() async {
        await group.triggerGracefulShutdown()
        await task.value
    }

    /// Runs until the surrounding task is cancelled, then stops gracefully.
    public func wait() async {
        let group = self.group
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}
