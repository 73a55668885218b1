// The built `callq` binary run as a user runs it: scripts with variables,
// parameters, comments and a failing statement (file:line:col, exit 2,
// --keep-going), --check, config precedence and its permission warning,
// missing credentials, secrets never printed, and a closed pipe ending quietly.
import Foundation
import Testing

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `callq` (or a shell line using it as `$CALLQ`) with a private HOME.
func callq(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
    shell: String? = nil, home: String? = nil
) throws -> Run {
    let binary = productsDirectory() + "/callq"
    let p = Process()
    if let shell {
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", shell]
    } else {
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
    }
    let h = home ?? NSTemporaryDirectory() + "callq-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: h, withIntermediateDirectories: true)
    var env = ["HOME": h, "PATH": "/usr/bin:/bin", "CALLQ": binary, "TZ": "UTC", "LANG": "C.UTF-8"]
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
    try inp.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(
        status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
        stderr: String(decoding: e, as: UTF8.self))
}

func productsDirectory(filePath: String = #filePath) -> String {
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug").resolvingSymlinksInPath().path
}

func writeTemp(_ name: String, _ text: String) throws -> String {
    let dir = NSTemporaryDirectory() + "callq-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = dir + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct CommandLineTests {
    static let script = """
        #!/usr/bin/env callq
        use task 'demo-task'   # the demo's first task
        let d = 30
        -- durations over $d and over the -D parameter
        orders where duration > $d
          and duration > $min count
        orders where staus = busy
        orders count
        """

    /// A script is checked whole before its first statement runs: the typo on line 7 is reported
    /// and nothing (not even line 5's count) is run.
    @Test func scriptIsCheckedWholeBeforeAnythingRuns() throws {
        let path = try writeTemp("report.cq", Self.script)
        let r = try callq(["--demo", path, "-D", "min=10"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("report.cq:7:14: error: unknown field `staus`"))
        #expect(r.stderr.contains("did you mean `status`?"))
    }

    /// A runtime failure stops the script where it happens: what ran before it stays done.
    @Test func runtimeFailureStopsWhereItHappens() throws {
        let path = try writeTemp("report.cq", "orders count\norders from file '/nonexistent/x.ndjson' count\norders count\n")
        let r = try callq(["--demo", path])
        #expect(r.status == 1)
        #expect(r.stdout == "{\"count\":500}\n")
        #expect(r.stderr.contains("report.cq:2:1: error: /nonexistent/x.ndjson"))
    }

    @Test func keepGoingRunsTheRestAndStillFails() throws {
        let path = try writeTemp("report.cq", Self.script)
        let r = try callq(["--demo", "--keep-going", "-f", path, "-D", "min=10"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("report.cq:7:14: error: unknown field `staus`"))
        #expect(r.stdout.split(separator: "\n").count == 2)
        #expect(r.stdout.split(separator: "\n").last == "{\"count\":500}")
    }

    @Test func checkReportsEveryErrorWithoutNetwork() throws {
        let path = try writeTemp("bad.cq", "orders where staus = 1\norders where duration > 'x'\norders limit 1\n")
        let r = try callq(["--check", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.cq:1:14"))
        #expect(r.stderr.contains("bad.cq:2:"))
        let ok = try callq(["--task", "T", "--check", try writeTemp("ok.cq", "orders where status = busy count\n")])
        #expect(ok.status == 0)
        // Exactly what a run would report: without any task, the query has none to ask.
        let noTask = try callq(["--check", try writeTemp("ok.cq", "orders where status = busy count\n")])
        #expect(noTask.status == 2)
        #expect(noTask.stderr.contains("no task to query"))
        // Effects apply as in a run: `use task` gives the later query its task; `set` is range-checked.
        let effects = try callq(["--check", try writeTemp("fx.cq", "use task 'A'\norders count\nset concurrency = 1000\n")])
        #expect(effects.status == 2)
        #expect(effects.stderr.contains("fx.cq:3:19: error: `concurrency` takes a whole number from 1 to 64, not 1000"))
        #expect(!effects.stderr.contains("no task"))
    }

    @Test func statementsFromStdinAndRepeatedC() throws {
        let r = try callq(["--demo"], stdin: "orders where status = busy count\norders count\n")
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 2)
        let c = try callq(["--demo", "-c", "orders count", "-c", "orders limit 2"])
        #expect(c.stdout.split(separator: "\n").count == 3)
    }

    @Test func missingCredentialsNameTheThreeWays() throws {
        let r = try callq(["--task", "t", "-c", "orders limit 1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--uuid") && r.stderr.contains("CALLQ_UUID") && r.stderr.contains("config.toml"))
    }

    @Test func configPrecedenceAndPermissionWarning() throws {
        let home = NSTemporaryDirectory() + "callq-cli-\(UUID().uuidString)"
        let dir = home + "/.config/callq"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        [default]
        base_url = "http://127.0.0.1:1"
        uuid = "from-config"
        secret_key = "config-secret-value"
        task = "config-task"
        [other]
        uuid = "other-uuid"
        secret_key = "other-secret-value"
        """.write(toFile: dir + "/config.toml", atomically: true, encoding: .utf8)
        chmod(dir + "/config.toml", 0o644)
        let r = try callq(
            ["--verbose", "--task", "flag-task", "-c", "explain orders count"],
            environment: ["CALLQ_UUID": "from-env"], home: home)
        #expect(r.status == 0)
        #expect(r.stderr.contains("readable by group or others"))
        #expect(r.stderr.contains("uuid = from-env  (env CALLQ_UUID)"))
        #expect(r.stderr.contains("task = flag-task  (flag)"))
        #expect(r.stderr.contains("base_url = http://127.0.0.1:1  (config [default])"))
        #expect(!r.stderr.contains("config-secret-value") && !r.stdout.contains("config-secret-value"))
        chmod(dir + "/config.toml", 0o600)
        let other = try callq(["--profile", "other", "--verbose", "--task", "t", "-c", "explain orders count"], home: home)
        #expect(!other.stderr.contains("readable by group"))
        #expect(other.stderr.contains("uuid = other-uuid"))
        #expect(!other.stderr.contains("other-secret-value"))
        let missing = try callq(["--profile", "nope", "-c", "ping"], home: home)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("profile `nope` not found"))
    }

    @Test func closedPipeEndsQuietlyWithZero() throws {
        let r = try callq([], shell: "set -o pipefail; \"$CALLQ\" --demo -c 'orders' | head -1 > /dev/null")
        #expect(r.status == 0)
        #expect(!r.stderr.lowercased().contains("broken pipe"))
    }

    @Test func queryErrorsExitTwoAndShowACaret() throws {
        let r = try callq(["--demo", "-c", "orders where duration > 'abc'"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("^"))
    }
}

@Suite struct UsageErrorTests {
    @Test func badFlagsExitTwo() throws {
        let missing = try callq(["--check"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--check"))
        let unknown = try callq(["--no-such-flag"])
        #expect(unknown.status == 2)
        let version = try callq(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("callq "))
        let sim = try callq(["sim", "--busy-rate", "7"])
        #expect(sim.status == 2)
    }
}
