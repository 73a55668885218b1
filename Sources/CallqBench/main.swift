// callq-bench: benchmark figures (not tests). `callq-bench fetch [options]`
// measures the concurrent pager against the simulator's latency limit;
// `callq-bench parse FILE` the JSON parser alone.
// Sections are dispatched by name so more can be added beside `fetch`.

import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let section = arguments.first ?? "fetch"
do {
    switch section {
    case "fetch":
        try await FetchBench(arguments: Array(arguments.dropFirst())).run()
    case "parse":
        try ParseBench(arguments: Array(arguments.dropFirst())).run()
    case "-h", "--help", "help":
        print(
            """
            usage: callq-bench fetch [--orders N] [--latency MS] [--size N] [--concurrency 1,4,8] [--no-peer]
                                     [--json FILE]   (also append one JSON line per figure to FILE)
                   callq-bench parse FILE [--runs N] [--only whole|selective]   (the JSON parser alone: whole and selective, one core)
            """)
    default:
        FileHandle.standardError.write(Data("callq-bench: unknown section \(section) (try: fetch, parse)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("callq-bench: \(error)\n".utf8))
    exit(1)
}
