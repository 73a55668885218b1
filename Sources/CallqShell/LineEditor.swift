// The interactive line editor: libedit with emacs keys, Ctrl-R search, a prompt per
// call, tab completion and a history file. Ctrl-C while editing returns `.interrupted`;
// Ctrl-D on an empty line returns `.endOfFile`. Without a terminal it reads plain lines.
import CLibEdit
import Glibc

/// A libedit session on the process's standard input and output.
///
/// Create one per process, on the thread that will call `readLine` (libedit is not
/// thread-safe). Creating it installs `InterruptMonitor.shared` (the SIGINT handler).
public final class LineEditor {
    /// What one call of `readLine(prompt:)` produced.
    public enum ReadResult: Sendable, Equatable {
        /// A line the user entered, without its newline.
        case line(String)
        /// Ctrl-C: the line was discarded; the caller shows a fresh prompt.
        case interrupted
        /// Ctrl-D on an empty line, or the end of non-terminal input.
        case endOfFile
    }

    /// Whether libedit is in use (standard input is a terminal).
    public let isInteractive: Bool
    /// Where history is loaded from and saved to (nil: history is kept in memory only).
    public let historyPath: String?
    /// Supplies tab completions; nil disables completion (Tab then beeps).
    public var completer: Completer?

    var editLine: OpaquePointer?
    var history: OpaquePointer?
    var promptText: UnsafeMutablePointer<CChar>?
    let wakeRead: Int32
    let wakeWrite: Int32
    /// The self-pipe SIGWINCH writes to (`ResizeMonitor`); the reader redraws on it.
    let resizeRead: Int32
    let resizeWrite: Int32
    /// Set by the character reader when Ctrl-C ended `el_gets`.
    var wasInterrupted = false
    /// The line and cursor after the previous Tab, to recognise a second Tab (then list).
    var lastTab: TabState?
    /// Partial UTF-8 input for the character reader.
    var pendingBytes: [UInt8] = []

    /// Opens the editor; `historyPath` nil keeps history in memory only.
    ///
    /// Sets `LC_CTYPE` from the environment first (falling back to C.UTF-8 when that
    /// gives plain ASCII), without which libedit drops multibyte input.
    public convenience init(
        programName: String = "callq",
        historyPath: String? = LineEditor.defaultHistoryPath()
    ) {
        self.init(
            programName: programName, historyPath: historyPath,
            usesTerminal: isatty(STDIN_FILENO) == 1)
    }

    /// Opens the editor; with `usesTerminal` false, libedit is not used (lines are read plainly).
    init(programName: String, historyPath: String?, usesTerminal: Bool) {
        LineEditor.prepareLocale()
        isInteractive = usesTerminal
        self.historyPath = historyPath
        (wakeRead, wakeWrite) = LineEditor.makePipe()
        (resizeRead, resizeWrite) = LineEditor.makePipe()
        history = history_init()
        if let history {
            _ = callq_history_setsize(history, 2000)
            _ = callq_history_setunique(history, 1)
        }
        loadHistory()
        guard isInteractive else { return }
        InterruptMonitor.shared.install()
        ResizeMonitor.install(writeEnd: resizeWrite)
        editLine = el_init(programName, callq_stdin(), editorOutput, callq_stderr())
        guard let editLine else { return }
        _ = callq_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = callq_el_set_editor(editLine, "emacs")
        _ = callq_el_set_signal(editLine, 1)
        _ = callq_el_set_prompt_esc(editLine, lineEditorPrompt, 1)
        _ = callq_el_set_getcfn(editLine, lineEditorReadCharacter)
        if let history { _ = callq_el_set_hist(editLine, history) }
        _ = callq_el_addfn(
            editLine, "callq-complete", "complete the word before the cursor",
            lineEditorComplete)
        _ = callq_el_bind(editLine, "^I", "callq-complete")
        _ = callq_el_bind(editLine, "^R", "em-inc-search-prev")
        _ = callq_el_source(editLine, nil)  // the user's ~/.editrc may add or change bindings
    }

    deinit {
        if let editLine { el_end(editLine) }
        if let history { history_end(history) }
        free(promptText)
        close(wakeRead)
        close(wakeWrite)
        close(resizeRead)
        close(resizeWrite)
    }

    /// A non-blocking, close-on-exec pipe (-1s when none could be made).
    static func makePipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return (-1, -1) }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return (fds[0], fds[1])
    }

    /// Shows `prompt` and returns the line the user entered (see `ReadResult`).
    ///
    /// Non-printing parts of the prompt (colours) go between two `\u{1}` characters, e.g.
    /// `"\u{1}\u{1B}[1m\u{1}callq>\u{1}\u{1B}[0m\u{1} "`, so the cursor column stays right.
    public func readLine(prompt: String) -> ReadResult {
        guard isInteractive, let editLine else { return readPlainLine() }
        setPrompt(prompt)
        drainWakePipe()
        _ = drainResizePipe()  // a resize while a statement ran: el_gets measures the terminal anyway
        wasInterrupted = false
        lastTab = nil
        let wake = wakeWrite
        let previous = InterruptMonitor.shared.setHandler {
            var byte: UInt8 = 1
            _ = write(wake, &byte, 1)
        }
        var count: Int32 = 0
        let text = el_gets(editLine, &count)
        InterruptMonitor.shared.setHandler(previous)
        if wasInterrupted {
            writeToTerminal("^C\n")
            return .interrupted
        }
        // A Ctrl-C after the line was read (it woke nobody): it is for what runs the line.
        if drainWakePipe() { previous?() }
        guard let text, count > 0 else { return .endOfFile }
        var line = String(cString: text)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Whether input is already waiting (pasted text) and its next line starts with a space
    /// or tab — by the language's rule, such a line continues the statement above it.
    ///
    /// Looks at one byte without losing it: the next `readLine` starts with that byte.
    public func pendingInputStartsWithWhitespace() -> Bool {
        guard isInteractive else { return false }
        if pendingBytes.isEmpty {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLIN) != 0 else { return false }
            var byte: UInt8 = 0
            guard read(STDIN_FILENO, &byte, 1) == 1 else { return false }
            pendingBytes.append(byte)
        }
        return pendingBytes.first == UInt8(ascii: " ") || pendingBytes.first == UInt8(ascii: "\t")
    }

    private func readPlainLine() -> ReadResult {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfFile }
        return .line(line)
    }

    private func setPrompt(_ prompt: String) {
        free(promptText)
        promptText = strdup(prompt)
    }

    /// Empties the wake pipe; returns whether a Ctrl-C was in it.
    @discardableResult
    func drainWakePipe() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 32)
        var any = false
        while read(wakeRead, &buffer, buffer.count) > 0 { any = true }
        return any
    }

    /// Empties the resize pipe; returns whether a resize was pending.
    func drainResizePipe() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 32)
        var any = false
        while read(resizeRead, &buffer, buffer.count) > 0 { any = true }
        return any
    }

    /// Writes text where the editor draws and flushes it (after flushing standard output).
    func writeToTerminal(_ text: String) {
        fflush(callq_stdout())
        fputs(text, editorOutput)
        fflush(editorOutput)
    }

    /// Where the prompt and the edited line go: standard output, or standard error when
    /// only that is the terminal (`callq > results.txt` keeps prompts out of the file).
    var editorOutput: UnsafeMutablePointer<FILE> {
        isatty(STDOUT_FILENO) == 0 && isatty(STDERR_FILENO) == 1 ? callq_stderr() : callq_stdout()
    }

    /// Makes `LC_CTYPE` a UTF-8 locale: the environment's, else C.UTF-8 when that is ASCII.
    static func prepareLocale() {
        setlocale(LC_CTYPE, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// The editor owning a libedit handle (its client data).
    static func from(_ editLine: OpaquePointer?) -> LineEditor? {
        guard let editLine, let raw = callq_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(raw).takeUnretainedValue()
    }
}

/// The line and cursor (in Unicode scalars) at a Tab press.
struct TabState: Equatable {
    var line: String
    var cursor: Int
}
