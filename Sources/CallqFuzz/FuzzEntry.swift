// The libFuzzer entry point of `callq-fuzz` (built only with CALLQ_FUZZ=1 by
// scripts/fuzz; libFuzzer supplies `main`). CALLQ_FUZZ_MODE=query|json picks
// the harness; a broken invariant is reported and trapped so libFuzzer saves the input.

import CallqFuzzing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The harness mode, read once from CALLQ_FUZZ_MODE (default `query`).
let fuzzMode: FuzzHarness.Mode = {
    let name = getenv("CALLQ_FUZZ_MODE").map { String(cString: $0) } ?? "query"
    guard let mode = FuzzHarness.Mode(rawValue: name) else {
        printError("callq-fuzz: CALLQ_FUZZ_MODE must be query or json, not \(name)\n")
        exit(2)
    }
    return mode
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let problems = FuzzHarness.run(fuzzMode, UnsafeRawBufferPointer(start: data, count: size))
    if !problems.isEmpty {
        printError("callq-fuzz: \(problems.count) invariant(s) broken:\n" + problems.map { "  - \($0)\n" }.joined())
        abort()
    }
    return 0
}

/// Writes to standard error (Swift 6 does not allow Glibc's `stderr` global).
func printError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
