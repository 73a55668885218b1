// The fetch benchmark: N orders behind a simulator adding L ms per request,
// fetched by the pager at several concurrencies; each run is shown beside the
// latency limit ceil(pages / concurrency) × L and the concurrency-1 run.
// With `--json FILE` each figure is also appended to FILE as a JSON line
// (the records scripts/bench_report.py renders into docs/BENCHMARKS.md).

import CallbotAPI
import CallbotClient
import CallbotSimulator
import CallqJSON
import Foundation

struct FetchBench {
    var orders = 20_000
    var latencyMs = 50
    var size = 100
    var concurrencies = [1, 4, 8]
    var peer = true
    var results: BenchResults?

    init(arguments: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchError("missing value after \(arguments[i - 1])") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--orders": orders = try Int(value()) ?? orders
            case "--latency": latencyMs = try Int(value()) ?? latencyMs
            case "--size": size = try Int(value()) ?? size
            case "--concurrency": concurrencies = try value().split(separator: ",").compactMap { Int($0) }
            case "--no-peer": peer = false
            case "--json": results = try BenchResults(path: value())
            default: throw BenchError("unknown option \(arguments[i])")
            }
            i += 1
        }
    }

    /// The command that repeats this run (without `--json`), as the report shows it.
    var command: String {
        ".build/release/callq-bench fetch --orders \(orders) --latency \(latencyMs) --size \(size)"
            + " --concurrency \(concurrencies.map(String.init).joined(separator: ","))" + (peer ? "" : " --no-peer")
    }

    func run() async throws {
        let sim = try await SimulatorServer.start(
            SimulatorConfig(
                seed: 7, tasks: 1, orders: orders,
                faults: Faults(latencyMs: latencyMs)))
        defer { Task { await sim.stop() } }
        let task = sim.taskIDs[0]
        let pages = (orders + size - 1) / size
        let about = "\(orders) orders, \(pages) pages of \(size), simulator latency \(latencyMs) ms"
        print("fetch: " + about)
        var commands: [JSONValue] = [.string(command)]
        if peer {
            commands.append(
                .string(
                    "python3 scripts/bench-peer.py $BASE_URL $UUID $SECRET_KEY $TASK \(size)"
                        + "   # run by callq-bench"))
        }
        try results?.emit(["section": "fetch", "about": .string(about), "commands": .array(commands)])
        print(
            pad("concurrency", 12) + pad("wall", 10) + pad("requests", 10) + pad("limit", 10)
                + pad("ratio", 8) + "speed-up")
        var base: Double?
        for concurrency in concurrencies {
            let client = CallbotClient(config: CallbotClientConfig(baseURL: sim.baseURL, credentials: sim.credentials))
            _ = try await client.ping()  // warm the connection pool
            let before = client.stats
            let clock = ContinuousClock()
            let start = clock.now
            let scan = try await client.orderScan(
                task: task, options: ListOrderOptions(json: .object([:])),
                size: size, concurrency: concurrency)
            var rows = 0
            for try await page in scan { rows += page.orders.count }
            let wall = (clock.now - start).seconds
            guard rows == orders else { throw BenchError("fetched \(rows) orders, expected \(orders)") }
            let requests = (client.stats - before).requests
            let limit = Double((pages + concurrency - 1) / concurrency) * Double(latencyMs) / 1000
            if base == nil { base = wall }
            print(
                pad("\(concurrency)", 12) + pad(fmt(wall) + " s", 10) + pad("\(requests)", 10)
                    + pad(fmt(limit) + " s", 10) + pad(fmt(wall / limit) + "×", 8) + fmt(base! / wall) + "×")
            try results?.emit([
                "section": "fetch", "row": .string("callq pager, concurrency \(concurrency)"),
                "concurrency": .int(concurrency), "orders": .int(rows), "requests": .int(requests),
                "wall_s": .double(wall), "limit_s": .double(limit),
                "vs_limit_x": .double(wall / limit), "speedup_vs_c1_x": .double(base! / wall)
            ])
        }
        if peer { try runPeer(sim: sim, task: task, base: base) }
    }

    /// The speed peer: the vendor's sample pattern (Python, one page after another).
    func runPeer(sim: RunningSimulator, task: String, base: Double?) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/bench-peer.py").standardizedFileURL
        guard FileManager.default.fileExists(atPath: script.path) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, sim.baseURL, sim.uuid, sim.secretKey, task, String(size)]
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch { print("speed peer: python3 not available"); return }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let json = try? JSONParser.parse(Array(data)),
            let seconds = json["seconds"]?.doubleValue, let rows = json["orders"]?.intValue,
            let requests = json["requests"]?.intValue
        else {
            print("speed peer: failed (exit \(process.terminationStatus))")
            return
        }
        let limit = Double(requests) * Double(latencyMs) / 1000
        print(
            pad("python seq", 12) + pad(fmt(seconds) + " s", 10) + pad("\(requests)", 10)
                + pad(fmt(limit) + " s", 10) + pad(fmt(seconds / limit) + "×", 8)
                + (base.map { fmt($0 / seconds) + "×" } ?? "") + "  (\(rows) orders)")
        try results?.emit([
            "section": "fetch", "row": "python sequential peer", "concurrency": 1,
            "orders": .int(rows), "requests": .int(requests), "wall_s": .double(seconds),
            "limit_s": .double(limit), "vs_limit_x": .double(seconds / limit),
            "speedup_vs_c1_x": base.map { .double($0 / seconds) } ?? .null
        ])
    }

    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    func fmt(_ x: Double) -> String { String(format: "%.2f", x) }
}

/// Appends benchmark records, one JSON object a line, to a file.
struct BenchResults {
    let handle: FileHandle

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    func emit(_ record: JSONValue) throws {
        try handle.write(contentsOf: Data((JSONWriter.string(record) + "\n").utf8))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
