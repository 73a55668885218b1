// swift-tools-version: 6.1
// callq — a query language and shell for NXTele Callbot call orders.
// Targets follow the query's journey: syntax → semantics → planner → engine → output,
// with the wire (CallbotAPI), the HTTP client and the simulator beside them.
import PackageDescription

// Development aid: `CALLQ_ONLY=lang|wire|out|shell swift test` builds just one
// area's targets (so a change to the language does not wait for NIO to build).
// Unset, the package is whole; CI and users never set it.
let areas: [String: Set<String>] = [
    "lang": [
        "CallqJSON", "CallqResult", "CallbotAPI", "CallqSyntax", "CallqSemantics", "CallqPlanner", "CallqFuzzing",
        "callq-fuzz", "LanguageTests", "CallqJSONTests"
    ],
    "wire": [
        "CallqJSON", "CallbotAPI", "CallbotClient", "CallbotSimulator", "CallbotTests",
        "CallqJSONTests", "callq-bench"
    ],
    "out": ["CallqJSON", "CallqResult", "CallqOutput", "OutputTests", "CallqJSONTests"],
    "shell": ["CLibEdit", "CallqShell", "callq-shell-probe", "ShellTests"]
]
let only = Context.environment["CALLQ_ONLY"].flatMap { areas[$0] }
// `CALLQ_FUZZ=1` (scripts/fuzz only) adds the libFuzzer executable, which has no `main`
// of its own and so links only when built with `-sanitize=fuzzer`.
let fuzz = Context.environment["CALLQ_FUZZ"] == "1"

let package = Package(
    name: "callq",
    platforms: [.macOS(.v14)],
    products: only != nil
        ? []
        : [
            .executable(name: "callq", targets: ["callq"]),
            .library(name: "CallqKit", targets: ["CallqKit"])
        ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Hummingbird's own dependencies, which the simulator imports directly.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0")
    ],
    targets: [
        // The slot reader's structural pass (quote and high-byte marks with SSE2 or AVX2), in C.
        .target(name: "CallqScanMarks"),
        // JSON values, a fast byte-level parser and writer shared by every stage.
        .target(name: "CallqJSON", dependencies: ["CallqScanMarks"]),
        // The wire: request/reply types, orders, signing, retCodes.
        .target(
            name: "CallbotAPI",
            dependencies: [
                "CallqJSON",
                .product(name: "Crypto", package: "swift-crypto")
            ]),
        // HTTP transport, retries, reply verification, the concurrent ordered pager.
        .target(
            name: "CallbotClient",
            dependencies: [
                "CallbotAPI", "CallqJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client")
            ]),
        // Benchmarks (figures, not tests): `scripts/bench`.
        .executableTarget(
            name: "callq-bench", dependencies: ["CallbotClient", "CallbotSimulator", "CallbotAPI", "CallqJSON"],
            path: "Sources/CallqBench"),
        // A real loopback Callbot server: seeded data, signature checks, faults.
        .target(
            name: "CallbotSimulator",
            dependencies: [
                "CallbotAPI", "CallqJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ]),
        // Tokens, lexer, AST, parser, diagnostics.
        .target(name: "CallqSyntax"),
        // The contract between the stages that make rows and the writers: columns, their
        // kinds, output rows, formats. Imported by both sides so neither imports the other.
        .target(name: "CallqResult", dependencies: ["CallqJSON"]),
        // Catalog of fields and enums, settings, the checker, the evaluator.
        .target(name: "CallqSemantics", dependencies: ["CallqSyntax", "CallqJSON", "CallqResult"]),
        // Pushdown planning and explain.
        .target(
            name: "CallqPlanner",
            dependencies: [
                "CallqSemantics", "CallqSyntax", "CallqJSON", "CallqResult", "CallbotAPI", "CallqMirror"
            ]),
        // The fuzzing harness (`scripts/fuzz`): language stages and the JSON parser, invariants checked.
        .target(
            name: "CallqFuzzing",
            dependencies: [
                "CallqSyntax", "CallqSemantics", "CallqPlanner", "CallqJSON", "CallbotAPI", "CallqResult"
            ]),
        // Writers for every output format.
        .target(name: "CallqOutput", dependencies: ["CallqJSON", "CallqResult"]),
        // The local mirror (SPEC §10): a task's orders in SQLite through GRDB, kept up to date by
        // an exact incremental sync, read back for `orders from mirror`.
        .target(
            name: "CallqMirror",
            dependencies: [
                "CallbotAPI", "CallbotClient", "CallqJSON", "CallqSemantics",
                .product(name: "GRDB", package: "GRDB.swift")
            ]),
        // Executor: the plan turned into operators — scans, filter, project, sort, aggregate, limit.
        // It imports neither the writers nor the syntax module.
        .target(
            name: "CallqEngine",
            dependencies: [
                "CallqPlanner", "CallqSemantics", "CallqResult", "CallqJSON", "CallbotAPI", "CallbotClient", "CallqMirror"
            ]),
        // The embedding API: the statement pipeline (prepare → execute/explain/rows/check),
        // sessions, scripts, settings, config.
        .target(
            name: "CallqKit",
            dependencies: [
                "CallqEngine", "CallqPlanner", "CallqSemantics", "CallqSyntax", "CallqOutput", "CallqResult",
                "CallqJSON", "CallbotAPI", "CallbotClient", "CallqMirror",
                .product(name: "TOMLKit", package: "TOMLKit")
            ]),
        // libedit (histedit.h) as a system library.
        .systemLibrary(
            name: "CLibEdit", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        // The interactive line editor and completion over libedit.
        .target(name: "CallqShell", dependencies: ["CLibEdit"]),
        // Test harness only: the real REPL and LineEditor over a tiny echo host, driven
        // through a pseudo-terminal by ShellTests.
        .executableTarget(
            name: "callq-shell-probe", dependencies: ["CallqShell"],
            path: "Sources/CallqShellProbe"),
        // Writes the git commit of the build into the executable (`callq --version`).
        .plugin(name: "BuildInfo", capability: .buildTool(), path: "Plugins/BuildInfo"),
        .executableTarget(
            name: "callq",
            dependencies: [
                "CallqKit", "CallqShell", "CallbotSimulator", "CallbotAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ], plugins: ["BuildInfo"]),

        .testTarget(name: "CallqJSONTests", dependencies: ["CallqJSON", "CallqScanMarks"]),
        .testTarget(
            name: "CallbotTests",
            dependencies: [
                "CallbotAPI", "CallbotClient", "CallbotSimulator", "CallqJSON"
            ], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "LanguageTests",
            dependencies: [
                "CallqSyntax", "CallqSemantics", "CallqPlanner", "CallqFuzzing", "CallqResult", "CallqJSON", "CallbotAPI",
                .product(name: "PropertyBased", package: "swift-property-based")
            ], resources: [.copy("Golden"), .copy("Fuzz")]),
        .testTarget(name: "OutputTests", dependencies: ["CallqOutput", "CallqJSON"], resources: [.copy("Golden")]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "CallqKit", "CallbotSimulator", "CallbotAPI", "CallqJSON", "CallqOutput", "CallqSemantics",
                "CallqEngine", "CallqPlanner", "CallqSyntax", "CallqResult",
                .product(name: "PropertyBased", package: "swift-property-based")
            ]),
        // The callq executable as users run it: scripts, flags, config, exit codes, pipes.
        .testTarget(name: "CLITests"),
        .testTarget(name: "ShellTests", dependencies: ["CallqShell", "CallbotSimulator"])
    ]
)

if fuzz {
    // libFuzzer's entry point over CallqFuzzing.
    package.targets.append(.executableTarget(name: "callq-fuzz", dependencies: ["CallqFuzzing"], path: "Sources/CallqFuzz"))
}
if let only {
    package.targets.removeAll { !only.contains($0.name) }
}
