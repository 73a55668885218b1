// Engine golden files: a script over the small saved-orders fixtures in Fixtures/,
// then `----`, then what it prints — NDJSON rows, or the error of the stage that
// refused it (`check error:` before anything runs, `run error:` while running).
// No simulator: a failing case names the stage that broke. `$FIXTURES` in a
// script is the fixtures folder. `CALLQ_UPDATE_GOLDEN=1` rewrites the expected
// parts (review the diff!). A first line `-- stdin: NAME` feeds that fixture to
// `from stdin` (for errors whose caret would otherwise depend on the fixtures' path).
import CallqKit
import Foundation
import Testing

@Suite struct EngineGoldenTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let directory = here.appendingPathComponent("Golden")
    static let fixtures = here.appendingPathComponent("Fixtures").path
    static let separator = "\n----\n"

    static var caseNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".golden") }.sorted()
    }

    @Test func thereAreCases() { #expect(EngineGoldenTests.caseNames.count >= 20) }

    @Test(arguments: EngineGoldenTests.caseNames)
    func golden(_ name: String) async throws {
        let url = EngineGoldenTests.directory.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let parts = text.components(separatedBy: EngineGoldenTests.separator)
        let script = parts[0]
        let expected = parts.count > 1 ? parts[1...].joined(separator: EngineGoldenTests.separator) : ""
        // The fixtures' folder is `$FIXTURES` in scripts and in output alike, so cases hold no absolute paths.
        let actual = await EngineGoldenTests.run(script.replacingOccurrences(of: "$FIXTURES", with: EngineGoldenTests.fixtures))
            .replacingOccurrences(of: EngineGoldenTests.fixtures, with: "$FIXTURES")
        if ProcessInfo.processInfo.environment["CALLQ_UPDATE_GOLDEN"] == "1" {
            try (script + EngineGoldenTests.separator + actual).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(actual == expected, "engine golden \(name) differs:\n--- expected\n\(expected)--- actual\n\(actual)")
    }

    /// Runs a script on a session with no API connection, output as NDJSON in memory.
    static func run(_ script: String) async -> String {
        var settings = SessionSettings(environment: [:])
        try? settings.apply("format", "ndjson")
        let messages = Messages()
        let session = CallqSession(
            connection: ConnectionSettings(baseURL: "http://127.0.0.1:9", credentials: nil, tasks: ["T1"]),
            settings: settings, output: .memory(width: 100), warn: { messages.add($0) })
        if script.hasPrefix("-- stdin: "), let name = script.split(separator: "\n").first?.dropFirst(10) {
            let fd = open(fixtures + "/" + name.trimmingCharacters(in: .whitespaces), O_RDONLY)
            await session.setStandardInput(fd)
        }
        defer {
            Task {
                let fd = await session.standardInput; if fd > 0 { close(fd) }
            }
        }
        let problems = await session.check(script: script, fileName: "case")
        if !problems.isEmpty { return "check error:\n" + problems.joined(separator: "\n") + "\n" }
        let status = await session.runScript(script, fileName: "case")
        var out = await session.output.sink.text
        let said = messages.all.map { status == 0 ? "stderr: " + $0 : "run error: " + $0 }
        if !said.isEmpty { out += said.joined(separator: "\n") + "\n" }
        await session.close()
        return out
    }

    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
    }
}
