// Writes the shell's own messages to standard output or error, flushed at once so they
// interleave correctly with libedit's output and the host's.
import CLibEdit
import Glibc

/// The REPL's own output (headers, notices, errors).
enum Console {
    static func out(_ text: String) {
        fputs(text, callq_stdout())
        fflush(callq_stdout())
    }

    static func error(_ text: String) {
        fflush(callq_stdout())
        fputs(text, callq_stderr())
        fflush(callq_stderr())
    }

    /// Whether the terminal itself shows a typed Ctrl-C as `^C` (cooked mode, ECHO and ECHOCTL).
    static var terminalEchoesControlCharacters: Bool {
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return false }
        let flags = tcflag_t(ECHO) | tcflag_t(ECHOCTL)
        return settings.c_lflag & flags == flags
    }

    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The local time as `watch` shows it, e.g. `Wed Nov 25 20:13:14 2026`.
    static func localTimeStamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%a %b %e %H:%M:%S %Y", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
