// The JSON parser alone on one core: every line of a saved NDJSON file parsed
// whole and then selectively (the key paths of a typical filter), to show what
// on-demand parsing saves before any query work. `callq-bench parse FILE`.

import CallqJSON
import Foundation

struct ParseBench {
    let path: String
    var runs = 3
    /// `whole` or `selective` alone (for profiling); nil: both.
    var only: String?
    var paths: [[String]] = [
        ["callInfoDetail", "callStatus"], ["callInfoDetail", "callDuration"],
        ["orderID"], ["userTaskID"]
    ]

    init(arguments: [String]) throws {
        guard let path = arguments.first else {
            throw BenchError("usage: callq-bench parse FILE [--runs N] [--only whole|selective]")
        }
        self.path = path
        var k = 1
        while k + 1 < arguments.count {
            switch arguments[k] {
            case "--runs": runs = Int(arguments[k + 1]) ?? runs
            case "--only": only = arguments[k + 1]
            default: throw BenchError("unknown option \(arguments[k])")
            }
            k += 2
        }
    }

    func run() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let lines = Self.lineRanges(bytes)
        let selection = JSONSelection(paths: paths)
        let mb = Double(bytes.count) / 1e6
        print("parse: \(lines.count) lines, \(String(format: "%.1f", mb)) MB, best of \(runs), one core")
        for (name, select) in [("whole", nil), ("selective", selection)] as [(String, JSONSelection?)]
        where only == nil || only == name {
            var best = Double.infinity
            var kept = 0
            for _ in 0..<runs {
                let start = ContinuousClock.now
                kept = 0
                try bytes.withUnsafeBytes { raw in
                    for r in lines {
                        let line = UnsafeRawBufferPointer(rebasing: raw[r])
                        let v = try select.map { try JSONParser.parse(line, selecting: $0) } ?? JSONParser.parse(line)
                        if case .object(let o) = v { kept += o.count }
                    }
                }
                best = min(best, (ContinuousClock.now - start).inSeconds)
            }
            print(
                "  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(format: "%.3f", best)) s  "
                    + "\(String(format: "%6.0f", mb / best)) MB/s  (\(kept) top-level members kept)")
        }
    }

    static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (k, b) in bytes.enumerated() where b == 0x0A {
            if k > start { out.append(start..<k) }
            start = k + 1
        }
        if start < bytes.count { out.append(start..<bytes.count) }
        return out
    }
}

extension Duration {
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
