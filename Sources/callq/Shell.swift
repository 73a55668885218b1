// The REPL's host: connects CallqShell's loop and line editor to a CallqSession —
// prompts, statement completeness, running statements and dot-commands, the
// completion vocabulary, and keeping secrets out of the history file.
import CallqKit
import CallqShell
import Foundation

@MainActor
final class ReplHost: ShellHost {
    let session: CallqSession
    private(set) var tasks: [String] = []
    private(set) var seen: [String] = []
    /// The configured secret key: a line holding it never reaches the history file.
    private(set) var secretKey: String?

    init(session: CallqSession) { self.session = session }

    func refresh() async {
        tasks = await session.defaultTasks
        seen = await session.seenTaskIDs
        secretKey = await session.connection.credentials?.secretKey
    }

    var prompt: String {
        if tasks.isEmpty { return "callq> " }
        let t = tasks.count == 1 ? tasks[0] : "\(tasks[0])+\(tasks.count - 1)"
        return "callq(\(t.count > 24 ? String(t.prefix(23)) + "…" : t))> "
    }

    var vocabulary: CompletionVocabulary {
        let seen = self.seen
        return CompletionVocabulary(
            dotCommands: ReplHost.dotCommands,
            dotCommandArguments: [
                ".format": CallqLanguage.formats,
                ".timing": ["on", "off"], ".explain": ["on", "off"], ".help": HelpText.topics
            ],
            taskIDs: seen,
            context: { text in ReplHost.complete(text, taskIDs: seen) })
    }

    /// Completion by context: what the language allows at the end of `text`.
    nonisolated static func complete(_ text: String, taskIDs: [String]) -> ContextCompletion {
        let found = CallqLanguage.completions(before: text, taskIDs: taskIDs)
        return ContextCompletion(
            typed: found.typed, quote: found.quote,
            words: found.words.map { ContextWord($0.text, isKeyword: $0.kind == .keyword, suffix: $0.suffix) },
            paths: found.paths)
    }

    static let dotCommands = HelpText.dotCommandNames

    func isComplete(_ text: String) -> Bool { CallqLanguage.isComplete(text) }

    /// Runs what the user entered: one statement, several separated by `;` (checked together
    /// first, then run in order until one fails, as a script is), or nothing for a comment.
    func execute(_ text: String) async -> Bool {
        defer { Task { await refresh() } }
        SharedTerminal.noteLineStart()  // the user pressed Enter: a progress line may be drawn
        let statements = CallqLanguage.statements(in: text, fileName: "query")
        if statements.isEmpty { return true }  // only comments: no statement
        if statements.count == 1 { return await run(text, origin: nil) }
        let problems = await session.check(script: text, fileName: "query")
        if !problems.isEmpty {
            for p in problems { report(p) }
            return false
        }
        for s in statements {
            if Task.isCancelled { return false }
            guard await run(s.text, origin: s.origin) else { return false }
        }
        return true
    }

    private func run(_ statement: String, origin: StatementOrigin?) async -> Bool {
        do {
            try await session.execute(statement, origin: origin)
            await refresh()
            return true
        } catch {
            if error.kind != .interrupted && error.kind != .closedPipe { report(error.message) }
            await refresh()
            return false
        }
    }

    func report(_ message: String) {
        SharedTerminal.message(message)
    }

    func say(_ text: String) {
        try? OutputSink.standardOutput.write(text.hasSuffix("\n") ? text : text + "\n")
        try? OutputSink.standardOutput.flush()
    }

    /// `.watch SECONDS QUERY` is `watch every SECONDS QUERY` (SPEC §13.2).
    func watchStatement(seconds: Double, query: String) -> String? {
        let ms = Int((seconds * 1000).rounded())
        return "watch every " + (ms % 1000 == 0 ? "\(ms / 1000)s " : "\(ms)ms ") + query
    }

    /// Ctrl-C while a statement runs: the progress line goes, and the line of the echoed `^C`.
    func interrupted() -> Bool { SharedTerminal.interrupt() }

    func dotCommand(_ name: String, _ arguments: String) async -> DotResult {
        SharedTerminal.noteLineStart()
        let arg = arguments.trimmingCharacters(in: .whitespaces)
        do {
            switch name {
            case ".help":
                say(HelpText.text(for: arg.isEmpty ? "repl" : arg))
                if arg.isEmpty { say("\n" + HelpText.text(for: nil)) }
            case ".fields": say(HelpText.text(for: "fields"))
            case ".statuses": say(HelpText.text(for: "statuses"))
            case ".format":
                if arg.isEmpty {
                    say("format = \(await session.settings.format?.rawValue ?? "auto")")
                } else {
                    try await session.setFormat(arg)
                }
            case ".output": try await session.setOutput(path: arg.isEmpty ? nil : unquote(arg))
            case ".timing": try await session.apply(setting: "timing", value: arg.isEmpty ? "on" : arg)
            case ".explain": try await session.apply(setting: "explain", value: arg.isEmpty ? "on" : arg)
            case ".show": say(await session.showListing)
            case ".read":
                guard !arg.isEmpty else { report("usage: .read FILE"); return .done }
                let path = unquote(arg)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    report("cannot read \(path): \(String(cString: strerror(errno)))")
                    return .done
                }
                _ = await session.runScript(text, fileName: path)
                await refresh()
            default: return .unknown
            }
        } catch {
            report(error.message)
        }
        return .done
    }

    func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == s.last, f == "'" || f == "\"" { return String(s.dropFirst().dropLast()) }
        return s
    }

    /// Keeps statements that carry a secret out of history: the words, or the key itself.
    func shouldRecordInHistory(_ text: String) -> Bool {
        if let secretKey, !secretKey.isEmpty, text.contains(secretKey) { return false }
        let lower = text.lowercased()
        return !(lower.contains("secret") || lower.contains("password"))
    }
}

/// Runs the interactive shell.
enum Shell {
    @MainActor
    static func run(session: CallqSession, paths: CallqPaths, verbose: Bool) async -> Int32 {
        let host = ReplHost(session: session)
        await host.refresh()
        await session.setConfirmLargeScan { question in
            await askToContinue(question)
        }
        if FileManager.default.fileExists(atPath: paths.initScript.path),
            let text = try? String(contentsOfFile: paths.initScript.path, encoding: .utf8)
        {
            _ = await session.runScript(text, fileName: paths.initScript.path, keepGoing: true)
            await host.refresh()
        }
        await session.releaseDefinitions()  // a `let` typed at the prompt replaces a -D value
        await session.setAnnouncesExports(true)  // `13 rows written to vm.csv`
        SharedTerminal.message("callq \(CallqVersion.number): type a query, `help` or `.help`; Ctrl-D quits.")
        let editor = LineEditor(programName: "callq", historyPath: paths.historyFile.path)
        return await REPL(host: host, editor: editor).run()
    }

    /// Asks on the terminal whether to go on with a scan past max_pages.
    static func askToContinue(_ question: String) async -> Bool {
        SharedTerminal.write(2, Array("\(question) Continue? [y/N] ".utf8))
        let answer = await TerminalInput.readLine()
        SharedTerminal.noteLineStart()  // the answer ended with Enter
        guard let line = answer else { return false }
        return ["y", "yes"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
