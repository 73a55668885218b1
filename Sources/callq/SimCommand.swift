// `callq sim`: the simulator as a standalone loopback server, for trying callq,
// for tests and for benchmarks. Prints one line (URL, uuid, secret key, task
// ids) and serves until interrupted.
import ArgumentParser
import CallbotAPI
import CallbotSimulator
import Foundation

struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callq sim",
        abstract: "Run the Callbot simulator on 127.0.0.1 (ping, listTask, listOrder, listOrderDetail).",
        discussion: """
            Example: callq sim --port 8080 --orders 20000 --latency 50ms
            then:    callq --base-url http://127.0.0.1:8080 --uuid … \\
                           --secret-key-file key.txt --task demo-task
            Garbage: callq sim --malformed html,truncated --malformed-rate 0.2
            (what callq does with each kind: docs/COOKBOOK.md, "When the API sends
            garbage")

            Campaign: callq sim --campaign 0.5 --campaign-deletes
            With --campaign RATE, the running tasks (status 2, demo-task among
            them) change as they are read: before each listOrder or listOrderDetail
            request to such a task is answered, RATE changes are made to it. A
            change is one of: an unfinished order finishes (its last call ends now
            — its callEndTs is the current time, so `ended > now - 15m` finds it —
            finish becomes true, and listOrderDetail shows the new attempt); a new
            unfinished order arrives at the front of the task; with
            --campaign-deletes, a finished order is deleted. Fractions add up: 0.5
            is one change every other request, 3 is three changes before every
            request. `callq --demo --campaign RATE` runs the same campaign in the
            demo.
            """)

    @Option(help: "TCP port (0 picks a free one).") var port = 0
    @Option(help: "Seed of the generated data.") var seed: UInt64 = 1
    @Option(help: "Number of tasks.") var tasks = 3
    @Option(help: "Orders per task.") var orders = 500
    @Option(help: "Account uuid (default: the demo account).") var uuid: String?
    @Option(name: .customLong("secret-key"), help: "Account secret key (default: the demo account's).") var secretKey: String?
    @Option(help: "Added delay per request, e.g. 50ms or 0.2s.") var latency = "0ms"
    @Option(help: "Extra random delay per request, up to this, e.g. 20ms.") var jitter = "0ms"
    @Option(name: .customLong("busy-rate"), help: "Share of requests answered retCode 7.") var busyRate = 0.0
    @Option(name: .customLong("error-rate"), help: "Share of requests answered HTTP 500.") var errorRate = 0.0
    @Option(name: .customLong("truncate-rate"), help: "Share of replies cut off midway.") var truncateRate = 0.0
    @Option(name: .customLong("mutate-rate"), help: "Share of listOrder requests before which new orders appear.")
    var mutateRate = 0.0
    @Option(
        name: .customLong("malformed"),
        help: ArgumentHelp(
            "Serve malformed listOrder replies of these kinds, comma-separated: "
                + MalformedReply.Kind.allCases.map(\.rawValue).joined(separator: ", ") + ", or all.",
            valueName: "kind,…"))
    var malformed: String?
    @Option(name: .customLong("malformed-rate"), help: "Share of listOrder replies that are malformed; 1 is every one.")
    var malformedRate = 1.0
    @Option(name: .customLong("page-size-limit"), help: "Largest page size accepted.") var pageSizeLimit = 100
    @Option(name: .customLong("list-limit"), help: "Longest option list accepted (longer: retCode 4001).") var listLimit = 100
    @Option(name: .customLong("detail-limit"), help: "Most order ids in one listOrderDetail request (more: retCode 4001).")
    var detailLimit = ListOrderDetailRequest.vendorLimit
    @Option(
        help: ArgumentHelp(
            "Changes per listOrder/listOrderDetail request to a running task, e.g. 0.5 (see above).",
            valueName: "rate"))
    var campaign = 0.0
    @Flag(name: .customLong("campaign-deletes"), help: "Let the campaign also delete finished orders.")
    var campaignDeletes = false
    @Flag(
        name: .customLong("ignore-size"),
        help: "Ignore `size`: every listOrder reply holds the task's whole order list (a hostile server).")
    var ignoreSize = false

    func validate() throws {
        for (name, rate) in [
            ("busy-rate", busyRate), ("error-rate", errorRate), ("truncate-rate", truncateRate),
            ("mutate-rate", mutateRate), ("malformed-rate", malformedRate)
        ] where !(0...1).contains(rate) {
            throw ValidationError("--\(name) takes a share between 0 and 1")
        }
        guard campaign >= 0, campaign.isFinite else {
            throw ValidationError("--campaign takes a number of changes per request, 0 or more")
        }
        if campaignDeletes && campaign == 0 { throw ValidationError("--campaign-deletes needs --campaign RATE above 0") }
        guard detailLimit >= 1 else { throw ValidationError("--detail-limit takes at least 1") }
        _ = try malformedKinds()
        _ = try Self.milliseconds(latency)
        _ = try Self.milliseconds(jitter)
    }

    /// `50ms`, `0.2s`, `1m` or a bare number of milliseconds.
    static func milliseconds(_ text: String) throws -> Int {
        let t = text.lowercased()
        let (number, scale): (String, Double) =
            t.hasSuffix("ms")
            ? (String(t.dropLast(2)), 1)
            : t.hasSuffix("s") ? (String(t.dropLast()), 1000) : t.hasSuffix("m") ? (String(t.dropLast()), 60_000) : (t, 1)
        guard let v = Double(number), v >= 0 else { throw ValidationError("not a duration: \(text) (try 50ms)") }
        return Int(v * scale)
    }

    /// The kinds `--malformed` names (none without it).
    func malformedKinds() throws -> [MalformedReply.Kind] {
        guard let malformed else { return [] }
        do {
            return try Faults.malformedKinds(from: malformed)
        } catch {
            throw ValidationError("--malformed: \(error)")
        }
    }

    func run() async throws {
        var credentials = SimulatorConfig.demoCredentials
        if let uuid { credentials.uuid = uuid }
        if let secretKey { credentials.secretKey = secretKey }
        var config = SimulatorConfig(
            port: port, seed: seed, tasks: tasks, orders: orders, credentials: credentials,
            pageSizeLimit: pageSizeLimit, listLimit: listLimit,
            faults: Faults(
                latencyMs: try Self.milliseconds(latency), jitterMs: try Self.milliseconds(jitter),
                busyRate: busyRate, errorRate: errorRate, truncateRate: truncateRate,
                mutateRate: mutateRate, malformed: try malformedKinds(), malformedRate: malformedRate),
            detailLimit: detailLimit, campaign: CampaignSettings(rate: campaign, deletes: campaignDeletes))
        config.faults.ignoreSize = ignoreSize
        let sim = try await SimulatorServer.start(config)
        print(sim.banner)
        fflush(nil)
        let stop = Task { await sim.wait() }
        let signals = SignalWaiter([SIGINT, SIGTERM])
        await signals.wait()
        stop.cancel()
        // A graceful stop waits for requests in flight (a --latency of seconds, a client that
        // never finishes sending one): give them a moment, then go (SIGTERM must stop it promptly).
        let deadline = Task {
            try await Task.sleep(for: .milliseconds(300))
            fflush(nil)
            Foundation.exit(0)
        }
        await stop.value
        deadline.cancel()
    }
}

/// Waits for one of some signals (used by `sim` to shut down cleanly).
final class SignalWaiter: @unchecked Sendable {  // the sources are only created and kept alive
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Void>

    init(_ signals: [Int32]) {
        var continuation: AsyncStream<Void>.Continuation!
        stream = AsyncStream { continuation = $0 }
        let c = continuation!
        sources = signals.map { sig in
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { c.yield() }
            s.resume()
            return s
        }
    }

    func wait() async {
        for await _ in stream { return }
    }
}
