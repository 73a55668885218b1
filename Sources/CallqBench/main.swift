// callq-bench: benchmark figures (not tests). `callq-bench fetch [options]`
// measures the concurrent pager against the simulator's latency limit.
// Sections are dispatched by name so more can be added beside `fetch`.

import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let section = arguments.first ?? "fetch"
do {
    switch section {
    case "fetch":
        try await FetchBench(arguments: Array(arguments.dropFirst())).run()
    case "-h", "--help", "help":
        print("""
            usage: callq-bench fetch [--orders N] [--latency MS] [--size N] [--concurrency 1,4,8] [--no-peer]
                                     [--json FILE]   (also append one JSON line per figure to FILE)
            """)
    default:
        FileHandle.standardError.write(Data("callq-bench: unknown section \(section) (try: fetch)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("callq-bench: \(error)\n".utf8))
    exit(1)
}
