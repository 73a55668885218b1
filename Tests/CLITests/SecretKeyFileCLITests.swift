// `--secret-key-file` (#27-10): the key from a file or from stdin's first line (the
// rest of stdin still runs as the script), never from the visible command line;
// `--help` says that `--secret-key KEY` shows in `ps`.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct SecretKeyFileCLITests {
    @Test("the key is read from a file, and from the first line of stdin with `-`")
    func keyFromFileAndStdin() throws {
        let sim = try SimProcess(["--orders", "30"])
        defer { sim.stop() }
        let base = ["--base-url", sim.baseURL, "--uuid", sim.uuid, "--task", "demo-task", "--no-progress"]
        let file = try writeTemp("key", sim.secretKey + "\n")
        let fromFile = try callq(base + ["--secret-key-file", file, "-c", "orders count"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("\"count\""))
        let fromStdin = try callq(base + ["--secret-key-file", "-"], stdin: sim.secretKey + "\norders count\n")
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(fromStdin.stdout.contains("\"count\""))
        let wrong = try callq(base + ["--secret-key-file", try writeTemp("key", "not-the-key\n"), "-c", "orders count"])
        #expect(wrong.status == 1)  // the key from the file is the one used
        #expect(!wrong.stderr.contains("not-the-key"))
        let both = try callq(base + ["--secret-key", "x", "--secret-key-file", file, "-c", "orders count"])
        #expect(both.status == 2)
    }

    @Test("--help warns that --secret-key shows in ps and names --secret-key-file")
    func helpSaysSo() throws {
        let help = try callq(["--help"])
        #expect(help.stdout.contains("--secret-key-file"))
        #expect(help.stdout.contains("is visible to every user"))
    }
}
