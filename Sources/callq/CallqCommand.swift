// The `callq` command line: connection flags, output flags, script sources
// (-c, FILE, -f, stdin), --check, --demo, and the REPL when stdin is a terminal.
// Everything below the flags goes through CallqKit's session, as any embedding
// program would.
import ArgumentParser
import CallbotSimulator
import CallqKit
import Foundation

/// Dispatches `callq sim …` and `callq completion …` before the root command's
/// parser sees them (its optional FILE argument would otherwise take the word).
@main
enum CallqMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "sim": await run(SimCommand.self, Array(arguments.dropFirst()))
        case "completion": await run(CompletionCommand.self, Array(arguments.dropFirst()))
        default: await run(CallqCommand.self, arguments)
        }
    }

    /// Parses and runs a command; usage errors exit with 2 (not ArgumentParser's 64),
    /// as the documented exit statuses say.
    static func run<C: ParsableCommand>(_ type: C.Type, _ arguments: [String]) async {
        do {
            var command = try type.parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            let code = type.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((type.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            type.exit(withError: error)
        }
    }
}

struct CallqCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callq",
        abstract: "Ask questions of your NXTele Callbot call orders.",
        discussion: """
            Examples:
              callq --demo                      a shell on the built-in simulator
              callq --demo -c 'orders count by status'
              callq -c "orders where status = completed and duration > 30
                        page 1..5" | jq .
              callq -c "orders where started > now - 1h
                        select phone, name format csv" > recent.csv
              callq report.cq -D since='2024-11-24'   run a script with $since
              callq --check report.cq           type-check a script offline
              callq sim --orders 20000          a standalone simulator
                                                (see callq sim --help)
              callq completion bash|zsh|fish    shell completion script

            -c texts, -f files and FILE run in the order given; a file that cannot
            be read stops the run before anything runs (exit 1).

            Credentials: --uuid/--secret-key-file, CALLQ_UUID/CALLQ_SECRET_KEY, or
            ~/.config/callq/config.toml. A key given as --secret-key KEY
            is visible to every user of the machine (ps, /proc/PID/cmdline): prefer
            --secret-key-file PATH (- reads the first line of stdin), the
            environment or the config file.

            Exit status: 0 success, 1 runtime failure (network, API, file), 2 usage
            or query error, 130 interrupted (Ctrl-C), 143 SIGTERM, 129 SIGHUP.
            """,
        version: CallqVersion.text)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptionsGroup

    @Option(name: .short, help: ArgumentHelp("Run these statements and exit (repeatable).", valueName: "STATEMENTS"))
    var c: [String] = []
    @Option(name: .short, help: ArgumentHelp("Run a script file (repeatable).", valueName: "FILE"))
    var f: [String] = []
    @Argument(help: ArgumentHelp("A script file to run (`#!/usr/bin/env callq` works).", valueName: "FILE"))
    var script: String?
    @Option(name: .short, help: ArgumentHelp("Script parameter $NAME (repeatable).", valueName: "NAME=VALUE"))
    var D: [String] = []
    @Option(
        help: ArgumentHelp("Parse and type-check a script without touching the network; report every error.", valueName: "FILE"))
    var check: String?
    @Flag(help: "Run against the embedded simulator (no account needed).") var demo = false
    @Option(
        help: ArgumentHelp(
            "With --demo: the simulator's running campaign makes RATE changes per data request to demo-task (as `callq sim --campaign`), so `watch` has something to show.",
            valueName: "RATE"))
    var campaign: Double?
    @Flag(help: "Print connection details, plans and request counts on stderr.") var verbose = false
    @Flag(help: "Scripts: stop at the first failing statement (--bail, the default) or run the rest (--keep-going).")
    var onFailure: FailureMode = .bail

    var keepGoing: Bool { onFailure == .keepGoing }

    /// The arguments as typed, for the order of -c, -f and FILE (see `ScriptSources`).
    var rawArguments: [String] { Array(CommandLine.arguments.dropFirst()) }

    func validate() throws {
        for d in D where !d.contains("=") { throw ValidationError("-D takes NAME=VALUE, not `\(d)`") }
        if let campaign {
            guard demo else {
                throw ValidationError(
                    "--campaign runs the --demo simulator's campaign: give --demo too (or run `callq sim --campaign RATE`)")
            }
            guard campaign >= 0, campaign.isFinite else {
                throw ValidationError("--campaign takes a number of changes per request, 0 or more")
            }
        }
    }

    func run() async throws {
        OutputSink.ignoreBrokenPipeSignal()
        let status = await Runner(command: self).run()
        throw ExitCode(status)
    }
}

/// What a script does after a failing statement.
enum FailureMode: String, EnumerableFlag {
    case bail, keepGoing
}

/// Connection flags (SPEC §2 table).
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("base-url"), help: ArgumentHelp("API base URL.", valueName: "URL")) var baseURL: String?
    @Option(help: "Account uuid.") var uuid: String?
    @Option(
        name: .customLong("secret-key"),
        help: ArgumentHelp(
            "Account secret key (never printed, but visible to other users in ps: prefer --secret-key-file).", valueName: "KEY"))
    var secretKey: String?
    @Option(
        name: .customLong("secret-key-file"),
        help: ArgumentHelp("Read the secret key from the first line of a file (- for stdin).", valueName: "PATH"))
    var secretKeyFile: String?
    @Option(help: ArgumentHelp("Signature algorithm: md5 or sha256.", valueName: "md5|sha256")) var algorithm: String?
    @Option(help: ArgumentHelp("Default task id (repeatable).", valueName: "ID")) var task: [String] = []
    @Option(help: ArgumentHelp("Config profile (a table in config.toml).", valueName: "NAME")) var profile: String?
}

/// Output and paging flags.
struct OutputOptionsGroup: ParsableArguments {
    @Option(help: ArgumentHelp("Output format: " + CallqLanguage.formats.joined(separator: ", ") + ".", valueName: "FMT"))
    var format: String?
    @Option(help: ArgumentHelp("Page requests in flight (default 4).", valueName: "N")) var concurrency: Int?
    @Option(name: .customLong("page-size"), help: ArgumentHelp("Orders per page request (default 100).", valueName: "N"))
    var pageSize: Int?
    @Option(help: ArgumentHelp("Time allowed per request: 30s, 500ms, 2m or seconds (default 30s).", valueName: "DURATION"))
    var timeout: String?
    @Flag(name: .customLong("no-progress"), help: "Never draw the progress line.") var noProgress = false
}

/// `callq completion bash|zsh|fish`: prints a shell completion script.
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callq completion", abstract: "Print a shell completion script (bash, zsh or fish).")
    @Argument(help: "bash, zsh or fish") var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw ValidationError("unknown shell `\(shell)`: use bash, zsh or fish")
        }
        print(CallqCommand.completionScript(for: kind))
    }
}
