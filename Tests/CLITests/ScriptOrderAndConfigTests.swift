// The command line as issue 12 found it wanting: nothing on stdout for a
// statement that fails before its first row (item 9), -c texts and script files
// run in the order given with a missing file an error before anything runs
// (item 6), config lists, a broken config.toml that matters only when read, a
// uuid without its secret key (item 16), an http(s)-only --base-url and
// --timeout durations (item 17), and --version naming its commit.
import Foundation
import Testing

@Suite struct ScriptOrderAndConfigTests {
    /// A private HOME with `config.toml` holding `text` (mode 0600).
    func home(config text: String? = nil) throws -> String {
        let home = NSTemporaryDirectory() + "callq-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/.config/callq", withIntermediateDirectories: true)
        if let text {
            let path = home + "/.config/callq/config.toml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
        }
        return home
    }

    @Test func aStatementThatFailsBeforeItsFirstRowWritesNothing() throws {
        for format in ["json", "csv", "tsv", "markdown", "table"] {
            let r = try callq(["--demo", "-c", "orders in task 'nope' select id format \(format)"])
            #expect(r.status == 1)
            #expect(r.stdout == "", "\(format): \(r.stdout.debugDescription)")
            #expect(r.stderr.contains("nope"))
        }
    }

    @Test func anEmptyResultStillHasItsFrame() throws {
        let json = try callq(["--demo", "-c", "orders where duration > 100000 select id format json"])
        #expect(json.status == 0 && json.stdout == "[]\n")
        let csv = try callq(["--demo", "-c", "orders where duration > 100000 select id, phone format csv"])
        #expect(csv.status == 0 && csv.stdout == "id,phone\r\n")
    }

    @Test func textsAndFilesRunInTheOrderGiven() throws {
        let busy = try writeTemp("busy.cq", "orders where status = busy count\n")
        let all = try writeTemp("all.cq", "orders count\n")
        var r = try callq(["--demo", "-f", busy, "-c", "orders where status = completed count"])
        #expect(r.status == 0)
        #expect(r.stdout == "{\"count\":44}\n{\"count\":192}\n", "\(r.stdout)")
        r = try callq(["--demo", "-c", "orders where status = completed count", all, "-f", busy])
        #expect(r.stdout == "{\"count\":192}\n{\"count\":500}\n{\"count\":44}\n", "\(r.stdout)")
        r = try callq(["--demo", "--format=ndjson", "-c=orders count", "--task", "demo-task", "-f=\(busy)"])
        #expect(r.stdout == "{\"count\":500}\n{\"count\":44}\n", "\(r.stdout)")
    }

    /// The `-c` texts and `-f` files of one command line are checked together before
    /// the first runs, each in the state the ones before it leave.
    @Test func allPiecesAreCheckedBeforeTheFirstRuns() throws {
        let ok = try writeTemp("ok.cq", "let st = busy\norders where status = $st count\n")
        var r = try callq(["--demo", "-c", "orders count", "-f", ok, "-c", "orders where staus = 1 count"])
        #expect(r.status == 2)
        #expect(r.stdout == "", "nothing ran: \(r.stdout)")
        #expect(r.stderr.contains("-c#2:1:14: error: unknown field `staus`"), "\(r.stderr)")
        // A variable defined in an earlier piece is known to a later one.
        r = try callq(["--demo", "-f", ok, "-c", "orders where status = $st count"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "{\"count\":44}\n{\"count\":44}\n", "\(r.stdout)")
    }

    @Test func aMissingFileIsAnErrorBeforeAnythingRuns() throws {
        let missing = NSTemporaryDirectory() + "callq-no-such-\(UUID().uuidString).cq"
        for arguments in [
            ["-c", "orders count", missing], ["-f", missing, "-c", "orders count"],
            ["-c", "orders count", "-f", missing]
        ] {
            let r = try callq(["--demo"] + arguments)
            #expect(r.status == 1)
            #expect(r.stdout == "")
            #expect(r.stderr.contains("cannot read \(missing): No such file or directory"))
            #expect(!r.stderr.contains("demo mode"))  // nothing started
        }
    }

    @Test func aFailingTextStopsTheRunUnlessKeepGoing() throws {
        let all = try writeTemp("all.cq", "orders count\n")
        var r = try callq(["--demo", "-c", "orders where staus = busy count", all])
        #expect(r.status == 2 && r.stdout == "")
        r = try callq(["--demo", "--keep-going", "-c", "orders where staus = busy count", all])
        #expect(r.status == 2 && r.stdout == "{\"count\":500}\n")
    }

    @Test func aConfigTaskListIsAListOfTasks() throws {
        let h = try home(
            config: """
                [default]
                base_url = "http://127.0.0.1:1"
                uuid = "u"
                secret_key = "config-secret-value"
                task = ["task-a", "task-b"]
                """)
        let r = try callq(["--verbose", "-c", "let x = 1"], home: h)
        #expect(r.status == 0)
        #expect(r.stderr.contains("task = task-a, task-b  (config [default])"), "\(r.stderr)")
        #expect(!r.stderr.contains("warning"))
    }

    @Test func aBrokenConfigMattersOnlyWhenASettingIsReadFromIt() throws {
        let h = try home(config: "[default]\nuuid = \"u\nsecret_key = 3 = 4\n")
        let demo = try callq(["--demo", "-c", "orders count"], home: h)
        #expect(demo.status == 0 && demo.stdout == "{\"count\":500}\n")
        #expect(demo.stderr.contains("config.toml:") && demo.stderr.contains("invalid TOML"))
        let saved = try writeTemp("saved.ndjson", "{\"orderID\":\"a\"}\n{\"orderID\":\"b\"}\n")
        let file = try callq(["-c", "orders from file '\(saved)' count"], home: h)
        #expect(file.status == 0 && file.stdout == "{\"count\":2}\n", "\(file.stderr)")
        // Everything the connection needs given by flags: the file is not read for it.
        let flagged = try callq(
            [
                "--base-url", "http://127.0.0.1:1", "--uuid", "u", "--secret-key", "k",
                "--verbose", "-c", "let x = 1"
            ], home: h)
        #expect(flagged.status == 0)
        // Credentials that would come from the file: the statement needing them says why not.
        let needed = try callq(["-c", "orders in task 't' count"], home: h)
        #expect(needed.status == 1)
        #expect(
            needed.stderr.contains("invalid TOML") && needed.stderr.contains("needs settings from this file"),
            "\(needed.stderr)")
    }

    @Test func aUUIDWithoutASecretKeySaysExactlyThat() throws {
        let h = try home(config: "[default]\nuuid = \"only-the-uuid\"\n")
        let r = try callq(["-c", "orders in task 't' count"], home: h)
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("profile `default` in \(h)/.config/callq/config.toml has a uuid but no secret_key"),
            "\(r.stderr)")
        let flag = try callq(["--uuid", "u", "-c", "orders count"], home: try home())
        #expect(flag.status == 2)
        #expect(flag.stderr.contains("--uuid was given without a secret key"))
    }

    @Test func aBaseURLThatIsNotHTTPIsAUsageErrorAtOnce() throws {
        let started = Date()
        for url in ["ftp://example.com", "localhost:8080", "http://"] {
            let r = try callq(["--base-url", url, "--uuid", "u", "--secret-key", "k", "-c", "orders count"])
            #expect(r.status == 2, "\(url): \(r.stderr)")
            #expect(r.stderr.contains("--base-url `\(url)`"))
        }
        let env = try callq(
            ["--uuid", "u", "--secret-key", "k", "-c", "orders count"],
            environment: ["CALLQ_BASE_URL": "file:///etc/passwd"])
        #expect(env.status == 2 && env.stderr.contains("CALLQ_BASE_URL"))
        #expect(Date().timeIntervalSince(started) < 30)  // never retried
    }

    @Test func timeoutTakesDurations() throws {
        for value in ["500ms", "1s", "2m", "30", "0.5"] {
            let r = try callq(["--demo", "--timeout", value, "-c", "orders count"])
            #expect(r.status == 0, "--timeout \(value): \(r.stderr)")
        }
        for value in ["5x", "0", "-1s", "2h"] {
            let r = try callq(["--demo", "--timeout", value, "-c", "orders count"])
            #expect(r.status == 2, "--timeout \(value)")
            #expect(r.stderr.contains("timeout"))
        }
    }

    @Test func versionNamesTheCommit() throws {
        let r = try callq(["--version"])
        #expect(r.status == 0)
        let line = r.stdout.trimmingCharacters(in: .newlines)
        let pattern =
            #/callq \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}|unknown \(not built from a git checkout\))( \+ local changes)?\)/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }
}
