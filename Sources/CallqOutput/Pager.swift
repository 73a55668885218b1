// Paging a result longer than the screen: the text goes to `$PAGER` (by default
// `less -FRX`: quit at once if it fits, keep colours, leave the text on the screen)
// through a pipe, and callq waits until the person leaves the pager.
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows text through the person's pager.
public enum Pager {
    /// The pager command: `$PAGER`, else `less -FRX`; nil when `$PAGER` is set empty (no paging).
    public static func command(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let p = environment["PAGER"] else { return "less -FRX" }
        let t = p.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    /// Whether `text` needs more lines than a screen of `rows` shows (one row stays for the prompt).
    static func isLonger(_ text: String, than rows: Int) -> Bool {
        var lines = 0
        for b in text.utf8 where b == 0x0A {
            lines += 1
            if lines >= rows { return true }
        }
        return false
    }

    /// Runs `command` through `/bin/sh` with `text` on its standard input and waits for it;
    /// false when the pager could not be started (the caller then writes the text itself).
    /// The pager stays in callq's process group, the terminal's foreground one, so it may
    /// read the keyboard (Foundation's `Process` would start it in a group of its own).
    static func show(_ text: String, command: String) -> Bool {
        SharedTerminal.eraseShownStatus(1)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { for a in argv { free(a) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        close(fds[0])
        guard spawned == 0 else { close(fds[1]); return false }
        // The person may leave the pager before reading everything: the write then fails (EPIPE).
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { systemWrite(fds[1], $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
        }
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7F == 0
        return !(exited && (status >> 8) & 0xFF == 127)  // 127: the shell found no such command
    }
}
