// The fuzzing harness as plain functions: one input in, the broken invariants
// out. The libFuzzer shim (`callq-fuzz`, scripts/fuzz) traps on a finding; the
// regression tests run every saved input through the same functions.

/// Entry points for fuzzing callq's language stages and its JSON parser.
public enum FuzzHarness {
    /// What an input is fed to.
    public enum Mode: String, Sendable, CaseIterable {
        /// Script text: splitter, lexer, parser, printer, checker, planner, explain, evaluator.
        case query
        /// JSON text: parser, writer, element capture, reply decoding, field extraction.
        case json
    }

    /// Runs one input in `mode`; returns the invariants it broke (empty when all hold).
    /// A crash or trap inside the stages is a finding too, reported by the process dying.
    public static func run(_ mode: Mode, _ bytes: UnsafeRawBufferPointer) -> [String] {
        switch mode {
        case .query: return query(bytes)
        case .json: return json(bytes)
        }
    }

    /// Query mode: the bytes as UTF-8 (invalid sequences replaced) run as a script.
    public static func query(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var run = QueryFuzz(text: String(decoding: bytes, as: UTF8.self))
        run.run()
        return run.findings.problems
    }

    /// JSON mode: the bytes parsed as JSON, written back and parsed again.
    public static func json(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var run = JSONFuzz(bytes: bytes)
        run.run()
        return run.findings.problems
    }

    /// `run` over an array (for tests).
    public static func run(_ mode: Mode, _ bytes: [UInt8]) -> [String] {
        bytes.withUnsafeBytes { run(mode, $0) }
    }
}

/// The invariants one input broke, each as a line of text.
struct FuzzFindings {
    var problems: [String] = []

    /// Records `message` when `condition` is false.
    mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { problems.append(message()) }
    }
}
