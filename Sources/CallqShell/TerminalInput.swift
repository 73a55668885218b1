// Reading a reply from the user while a statement runs (e.g. "Continue? [y/N]"), in a
// way that Ctrl-C can interrupt: the REPL's Ctrl-C cancels the statement's task, and this
// read notices the cancellation instead of blocking in read(2) until Enter.
import Glibc

/// Line input for hosts while the REPL runs one of their statements.
public enum TerminalInput {
    /// Reads one line from standard input (without its newline).
    ///
    /// Returns nil at the end of input or as soon as the current task is cancelled (in
    /// the REPL: Ctrl-C). Waits without blocking the caller's actor. The terminal is in
    /// its normal (cooked) mode while a statement runs, so the user can edit the reply.
    public static func readLine() async -> String? {
        var bytes: [UInt8] = []
        while !Task.isCancelled {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 0)
            if ready < 0 && errno != EINTR { return nil }
            if ready <= 0 {
                try? await Task.sleep(for: .milliseconds(30))
                continue
            }
            var byte: UInt8 = 0
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }
}
