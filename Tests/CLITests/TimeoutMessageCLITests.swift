// Timeouts as the user writes and reads them (#27-11): `--timeout 1ms` names 1 ms in
// its error (it said "within 0 s"), and `set timeout = 500ms` is a duration, not "not a
// number".
import Foundation
import Testing

@Suite struct TimeoutMessageCLITests {
    @Test("a 1 ms timeout is reported as 1 ms; `set timeout = 500ms` is accepted")
    func millisecondTimeouts() throws {
        let sim = try SimProcess(["--orders", "30", "--latency", "100ms"])
        defer { sim.stop() }
        let base = [
            "--base-url", sim.baseURL, "--uuid", sim.uuid, "--secret-key", sim.secretKey, "--task", "demo-task",
            "--no-progress"
        ]
        let short = try callq(base + ["--timeout", "1ms", "-c", "set retries = 1\norders count"])
        #expect(short.status == 1)
        #expect(short.stderr.contains("no complete reply within 1 ms"), "\(short.stderr)")
        let set = try callq(base + ["-c", "set retries = 1\nset timeout = 50ms\norders count"])
        #expect(set.status == 1)
        #expect(set.stderr.contains("no complete reply within 50 ms"), "\(set.stderr)")
        let fine = try callq(base + ["-c", "set timeout = 500ms\norders count"])
        #expect(fine.status == 0, "\(fine.stderr)")
        #expect(fine.stdout == "{\"count\":30}\n")
    }
}
