// The read-eval-print loop: reads lines with the `LineEditor`, gathers them into a
// statement until the host says it is complete (and no pasted indented line follows),
// records it in history and runs it in a task that Ctrl-C cancels. Lines starting with
// `.` are dot-commands.

import Synchronization

/// The interactive shell loop over a `ShellHost` and a `LineEditor`.
///
/// Start-up, in the host program: use the REPL only when standard input is a terminal
/// (`isatty(0)`; otherwise run the input as a script); create the `LineEditor` (it sets
/// `LC_CTYPE`, loads history and installs the SIGINT handler of `InterruptMonitor`);
/// then `await REPL(host:editor:).run()` on the main actor and exit with its status.
///
/// Ctrl-C: while a line is edited it discards the line (and an unfinished statement);
/// while a statement or dot-command runs it cancels that task, and the REPL prints
/// `^C cancelled` once the task has returned. Hosts must not install their own SIGINT
/// handler meanwhile, must honour task cancellation, and should read any answer from the
/// user with `TerminalInput.readLine()`.
@MainActor
public final class REPL {
    /// The language side.
    public let host: any ShellHost
    /// The line editor (owned by the REPL from now on).
    public let editor: LineEditor
    /// A Ctrl-C that came between reading a line and starting to run it (when neither
    /// the editor nor a running statement listens); the run it was meant for takes it.
    nonisolated let pendingInterrupt = Atomic<Bool>(false)

    public init(host: any ShellHost, editor: LineEditor) {
        self.host = host
        self.editor = editor
    }

    /// Runs until `.quit`, `.exit`, Ctrl-D on an empty line or a host's `.exit(status)`.
    ///
    /// Returns the exit status: 0, the host's status, 130 when Ctrl-C was pressed
    /// three times while a cancelled statement would not stop, or 128 + the signal
    /// after SIGTERM or SIGHUP (when `TerminationMonitor` is installed).
    public func run() async -> Int32 {
        var lines: [String] = []
        let pending = self
        InterruptMonitor.shared.setHandler { pending.pendingInterrupt.store(true, ordering: .sequentiallyConsistent) }
        defer { InterruptMonitor.shared.setHandler(nil) }
        while true {
            // SIGTERM/SIGHUP (`TerminationMonitor`): the statement has been cancelled; leave.
            if let status = TerminationMonitor.shared.exitStatus { return status }
            pendingInterrupt.store(false, ordering: .sequentiallyConsistent)
            editor.completer = Completer(vocabulary: host.vocabulary, precedingText: lines.map { $0 + "\n" }.joined())
            let prompt = lines.isEmpty ? host.prompt : host.continuationPrompt
            switch editor.readLine(prompt: prompt) {
            case .endOfFile:
                if editor.isInteractive { editor.writeToTerminal("\n") }
                return 0
            case .interrupted:
                lines.removeAll()
            case .line(let line):
                if lines.isEmpty {
                    let trimmed = line.trimmingWhitespace()
                    if trimmed.isEmpty { continue }
                    if trimmed.hasPrefix(".") {
                        record(trimmed)
                        if let status = await runDotCommand(trimmed) { return status }
                        continue
                    }
                }
                lines.append(line)
                let text = lines.joined(separator: "\n")
                guard host.isComplete(text), !editor.pendingInputStartsWithWhitespace() else { continue }
                lines.removeAll()
                record(text)
                let host = self.host
                switch await runInterruptibly({ await host.execute(text) }) {
                case .finished, .cancelled: break
                case .abandoned: return 130
                }
            }
        }
    }

    /// Stores `text` in history unless the host refuses it.
    func record(_ text: String) {
        if host.shouldRecordInHistory(text) { editor.addHistory(text) }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
