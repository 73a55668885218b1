// Runs a program on a pseudo-terminal for tests: it becomes the session leader with the
// pty as its controlling terminal (so libedit, job control and Ctrl-C behave as for a
// user). Tests type keys and wait, with a deadline, for text on the emulated screen.
// Self-contained (Glibc only) so other test targets can copy or share it.
import Glibc

/// Errors starting a program on a pseudo-terminal.
struct PseudoTerminalError: Error, CustomStringConvertible {
    var description: String
}

/// A child process attached to a new pseudo-terminal, with an emulated screen.
final class PseudoTerminal {
    /// Keys as a terminal sends them.
    enum Key: String {
        case enter = "\r", tab = "\t", backspace = "\u{7F}"
        case up = "\u{1B}[A", down = "\u{1B}[B", right = "\u{1B}[C", left = "\u{1B}[D"
        case controlA = "\u{1}", controlC = "\u{3}", controlD = "\u{4}", controlE = "\u{5}"
        case controlL = "\u{C}", controlR = "\u{12}", controlU = "\u{15}"
    }

    let pid: pid_t
    private let master: Int32
    private(set) var screen: TerminalScreen
    /// Everything the program wrote, escape sequences and carriage returns removed.
    private(set) var transcript = ""
    /// Everything the program wrote, as bytes (escape sequences included).
    private(set) var rawOutput: [UInt8] = []
    private var pendingBytes: [UInt8] = []
    private var exitStatus: Int32?
    private var strip = EscapeStripper()

    /// Starts `executable` on a new pty of `columns`×`rows` with exactly `environment`
    /// (plus `TERM=xterm` and `PATH` when absent); `standardOutput`, when given, is a file
    /// that receives standard output instead of the pty.
    init(
        executable: String, arguments: [String] = [], environment: [String: String] = [:],
        columns: Int = 120, rows: Int = 40, standardOutput: String? = nil
    ) throws {
        guard access(executable, X_OK) == 0 else {
            throw PseudoTerminalError(description: "not an executable: \(executable)")
        }
        var master: Int32 = -1
        var slave: Int32 = -1
        var nameBuffer = [CChar](repeating: 0, count: 4096)
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, &nameBuffer, nil, &size) == 0 else {
            throw PseudoTerminalError(description: "openpty failed: errno \(errno)")
        }
        // The child opens the pty by name (below); the parent's copy of the slave side
        // only has to live until then.
        defer { close(slave) }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid(), the pty becomes the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, nameBuffer, O_RDWR, 0)
        if let standardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
        }
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc ≥ 2.26; hidden behind _GNU_SOURCE)
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var fullEnvironment = environment
        if fullEnvironment["TERM"] == nil { fullEnvironment["TERM"] = "xterm" }
        if fullEnvironment["PATH"] == nil { fullEnvironment["PATH"] = "/usr/bin:/bin" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = fullEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            throw PseudoTerminalError(description: "posix_spawn failed: \(result)")
        }
        self.pid = child
        self.master = master
        self.screen = TerminalScreen(rows: rows, columns: columns)
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types text (bytes as given; `\r` is Enter).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(master, $0.baseAddress! + offset, bytes.count - offset) }
            if n > 0 { offset += n } else if errno != EAGAIN && errno != EINTR { return } else { pump(for: 10) }
        }
    }

    /// Presses keys in order.
    func send(_ keys: Key...) {
        for key in keys { send(key.rawValue) }
    }

    /// Reads output until `condition` holds or `timeout` seconds pass; returns whether it held.
    @discardableResult
    func wait(timeout: Double = 20, until condition: (PseudoTerminal) -> Bool) -> Bool {
        let deadline = PseudoTerminal.now() + timeout
        while true {
            if condition(self) { return true }
            let left = deadline - PseudoTerminal.now()
            if left <= 0 {
                print(
                    "PseudoTerminal: timed out; screen (cursor at \(screen.row),\(screen.column)):\n"
                        + screen.text + "\n--- transcript tail:\n" + String(transcript.suffix(400)))
                return false
            }
            pump(for: Int32(min(left, 0.05) * 1000) + 1)
        }
    }

    /// Whether the program has the terminal in raw mode (no canonical input, no echo), as a
    /// line editor does while it waits for keys. Typing before that is echoed by the
    /// terminal itself, so tests wait for it before typing at a prompt.
    var isInRawMode: Bool {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return false }
        return settings.c_lflag & tcflag_t(ICANON | ECHO) == 0
    }

    /// Waits until the transcript contains `text` at least `count` times.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 20) -> Bool {
        wait(timeout: timeout) { $0.occurrences(of: text) >= count }
    }

    /// How many times `text` occurs in the transcript.
    func occurrences(of text: String) -> Int {
        transcript.components(of: text)
    }

    /// Whether the child died of a signal (rather than calling exit); set by `waitForExit`.
    private(set) var killedBySignal = false

    /// Ends the input with Ctrl-D and waits for the program to end; returns its exit status, or nil.
    /// libedit flushes pending input when it switches the terminal's mode (TCSAFLUSH), so a
    /// Ctrl-D typed just as the prompt is drawn can be discarded; it is typed again every two
    /// seconds until the program ends (a discarded one did nothing; after the exit none is read).
    func endInput(timeout: Double = 20) -> Int32? {
        let deadline = PseudoTerminal.now() + timeout
        repeat {
            send(.controlD)
            if let status = waitForExit(timeout: min(2, max(0, deadline - PseudoTerminal.now()))) { return status }
        } while PseudoTerminal.now() < deadline
        if exitStatus == nil {
            // For the known intermittent hang at exit (a crowded suite only): what the terminal looked like.
            var settings = termios()
            let flags = tcgetattr(master, &settings) == 0 ? String(settings.c_lflag, radix: 16) : "?"
            print(
                "PseudoTerminal: no exit after Ctrl-D; raw mode \(isInRawMode), c_lflag 0x\(flags); screen:\n"
                    + screen.text + "\n--- transcript tail:\n" + String(transcript.suffix(300)))
        }
        return exitStatus
    }

    /// Waits for the program to end; returns its exit status (128 + signal if killed), or nil.
    func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = PseudoTerminal.now() + timeout
        while exitStatus == nil && PseudoTerminal.now() < deadline {
            pump(for: 20)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                killedBySignal = status & 0x7F != 0
                exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            }
        }
        pump(for: 0)
        return exitStatus
    }

    /// Changes the terminal size; the kernel sends SIGWINCH to the program. The emulated
    /// screen starts afresh at the new size (what was on it is dropped), or with `keepingScreen`
    /// keeps its text and cursor as a terminal that does not re-wrap lines does.
    func resize(columns: Int, rows: Int, keepingScreen: Bool = false) {
        pump(for: 0)
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        screen =
            keepingScreen
            ? TerminalScreen(resizing: screen, rows: rows, columns: columns)
            : TerminalScreen(rows: rows, columns: columns)
    }

    /// The terminal size as the program sees it.
    var size: (columns: Int, rows: Int) {
        var size = winsize()
        _ = ioctl(master, UInt(TIOCGWINSZ), &size)
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Sends a signal to the program's process.
    func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Reads what is available within `milliseconds` and feeds the screen and transcript.
    private func pump(for milliseconds: Int32) {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(master, &buffer, buffer.count)
            guard n > 0 else { return }  // EAGAIN: drained; EIO: the child closed the pty
            pendingBytes += buffer[0..<n]
            rawOutput += buffer[0..<n]
            decode()
        }
    }

    private func decode() {
        var index = 0
        while index < pendingBytes.count {
            let lead = pendingBytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            guard index + length <= pendingBytes.count else { break }
            let scalars = String(decoding: pendingBytes[index..<(index + length)], as: UTF8.self).unicodeScalars
            for scalar in scalars {
                screen.feed(scalar)
                if let visible = strip.feed(scalar) { transcript.unicodeScalars.append(visible) }
            }
            index += length
        }
        pendingBytes.removeFirst(index)
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The path of a product built beside this test bundle (e.g. `.build/debug/NAME`).
    static func builtProduct(_ name: String, filePath: String = #filePath) -> String {
        var candidates: [String] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            let exe = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            var directory = exe.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            // The runner may be inside NAME.xctest/ (a bundle directory) or beside it.
            for _ in 0..<3 where !directory.isEmpty {
                candidates.append(directory.joined(separator: "/") + "/" + name)
                directory = directory.dropLast()
            }
        }
        if let root = filePath.firstRange(of: "/Tests/") {
            candidates.append(String(filePath[..<root.lowerBound]) + "/.build/debug/" + name)
        }
        return candidates.first { access($0, X_OK) == 0 } ?? candidates.last ?? name
    }
}

/// Removes escape sequences and carriage returns from a stream of scalars.
private struct EscapeStripper {
    private var sequence: [Unicode.Scalar]?

    mutating func feed(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if var current = sequence {
            current.append(scalar)
            sequence = current
            if current.count == 1 && current[0] != "[" && current[0] != "]" && current[0] != "(" {
                sequence = nil
            } else if current[0] == "(" && current.count == 2 {
                sequence = nil
            } else if current[0] == "[" && current.count > 1 && (0x40...0x7E).contains(scalar.value) {
                sequence = nil
            } else if current[0] == "]" && (scalar == "\u{7}" || scalar == "\\") {
                sequence = nil
            }
            return nil
        }
        if scalar == "\u{1B}" {
            sequence = []
            return nil
        }
        if scalar == "\r" || scalar == "\u{7}" { return nil }
        return scalar
    }
}

extension String {
    /// How many non-overlapping times `text` occurs.
    func components(of text: String) -> Int {
        guard !text.isEmpty else { return 0 }
        var count = 0
        var rest = self[...]
        while let range = rest.firstRange(of: text) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}
