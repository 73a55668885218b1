// The command line's own texts (issue 26 item 13): `callq sim --help` names the
// command as it is typed, `--help` fits 80 columns without wrapping an example,
// and the demo banner does not come before an option error.
import Foundation
import Testing

@Suite struct CommandLineHelpCLITests {
    @Test func subcommandUsageNamesCallq() throws {
        let sim = try callq(["sim", "--help"], environment: ["COLUMNS": "80"])
        #expect(sim.stdout.contains("USAGE: callq sim <options>"))
        let completion = try callq(["completion", "--help"], environment: ["COLUMNS": "80"])
        #expect(completion.stdout.contains("USAGE: callq completion"))
    }

    @Test func helpFitsEightyColumns() throws {
        for args in [["--help"], ["sim", "--help"]] {
            let r = try callq(args, environment: ["COLUMNS": "80"])
            #expect(r.status == 0)
            // Every example line keeps its indent: nothing wrapped to column 0 between them.
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.allSatisfy { $0.count <= 80 }, "\(args): \(lines.filter { $0.count > 80 })")
            if args == ["--help"] {
                let examples = lines.drop { $0 != "Examples:" }.dropFirst().prefix { !$0.isEmpty }
                #expect(examples.count >= 8)
                #expect(examples.allSatisfy { $0.hasPrefix("  ") }, "\(examples)")
            }
        }
    }

    @Test func theDemoBannerComesOnlyOnceTheOptionsAreGood() throws {
        let bad = try callq(["--demo", "--timeout", "soon", "-c", "orders count"])
        #expect(bad.status == 2)
        #expect(!bad.stderr.contains("demo mode"))
        let good = try callq(["--demo", "-c", "orders count"])
        #expect(good.status == 0)
        #expect(good.stderr.contains("callq: demo mode: built-in simulator"))
    }
}

@Suite struct SimulatorStopCLITests {
    /// `callq sim` stops at once on SIGTERM, even with a request in flight that its client
    /// never finishes sending (a graceful stop would wait for it).
    @Test func sigtermStopsTheSimulatorPromptly() throws {
        let r = try callq(
            [],
            shell: """
                out=$(mktemp); $CALLQ sim --latency 10s > "$out" & P=$!
                for i in $(seq 50); do grep -q 'http://' "$out" && break; sleep 0.1; done
                port=$(grep -o '127.0.0.1:[0-9]*' "$out" | cut -d: -f2)
                exec 3<>/dev/tcp/127.0.0.1/$port
                printf 'POST /callcentre/api/v3/listOrder HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100\\r\\n\\r\\n{' >&3
                sleep 0.3
                s=$(date +%s%N); kill -TERM $P
                for i in $(seq 100); do kill -0 $P 2> "$out.err" || break; sleep 0.1; done
                kill -KILL $P 2> "$out.err"; wait $P; rc=$?; e=$(date +%s%N)
                echo "rc=$rc ms=$(( (e - s) / 1000000 ))"
                """)
        let fields = r.stdout.split(separator: " ").map { $0.split(separator: "=") }
        let rc = try #require(fields.first { $0.first == "rc" }?.last.map(String.init))
        let ms = try #require(
            fields.first { $0.first == "ms" }?.last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(rc == "0")
        #expect(ms < 3000, "took \(ms) ms")
    }
}
