// Every input saved under Fuzz/ — crashers `scripts/fuzz` found (fixed since)
// and notable corpus entries — runs through the fuzzing harness again: no
// trap, no broken invariant. Adding a case is adding a file to Fuzz/query or Fuzz/json.

import CallqFuzzing
import Foundation
import Testing

@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// `mode/file` for every saved input.
    static var inputs: [String] {
        FuzzHarness.Mode.allCases.flatMap { mode in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(mode.rawValue).path)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted().map { "\(mode.rawValue)/\($0)" }
        }
    }

    @Test func eachModeHasInputs() {
        for mode in FuzzHarness.Mode.allCases {
            #expect(
                FuzzRegressionTests.inputs.contains { $0.hasPrefix(mode.rawValue + "/") }, "no inputs in Fuzz/\(mode.rawValue)")
        }
    }

    @Test(arguments: FuzzRegressionTests.inputs)
    func savedInput(_ path: String) throws {
        let mode = try #require(FuzzHarness.Mode(rawValue: String(path.prefix { $0 != "/" })))
        let bytes = try [UInt8](Data(contentsOf: FuzzRegressionTests.directory.appendingPathComponent(path)))
        let problems = FuzzHarness.run(mode, bytes)
        #expect(problems.isEmpty, Comment(rawValue: "\(path):\n" + problems.joined(separator: "\n")))
    }
}
