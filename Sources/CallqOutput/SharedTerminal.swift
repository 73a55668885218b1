import Synchronization

// The terminal that results (stdout), messages (stderr) and the progress line
// share. Every byte callq writes to a descriptor goes through `write`, so the
// progress line is erased before anything else reaches the same terminal, and
// it is drawn only at the start of a line, never inside someone else's output.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Process-wide coordination of the one status line (progress) with all other output.
///
/// Standard output and standard error are often the same terminal. The status
/// line is drawn on its own line at the bottom (`\r`, erase line, text, no
/// newline); before any other byte goes to that terminal it is erased, and it
/// is redrawn only by its owner's next `drawStatus`, and only while the cursor
/// is known to be at the start of a line (the last byte written there was a
/// newline). Writes to pipes and files are never held up by any of this.
public enum SharedTerminal {
    /// Which open file a descriptor is (two descriptors on one terminal are the same).
    struct Identity: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    struct State: Sendable {
        /// The status line on screen: who drew it, on which descriptor and terminal.
        var shown: (owner: ObjectIdentifier, fd: Int32, terminal: Identity)?
        /// Terminals whose cursor is not at the start of a line (a write ended without `\n`).
        var midLine: Set<Identity> = []
        /// Status lines that have begun and not yet ended.
        var owners: Set<ObjectIdentifier> = []
        /// Owners that may not draw any more (Ctrl-C was pressed while they ran).
        var silenced: Set<ObjectIdentifier> = []
    }

    static let state = Mutex(State())

    /// `\r` then "erase the whole line".
    static let eraseSequence: [UInt8] = Array("\r\u{1B}[2K".utf8)

    /// Writes all of `bytes` to `fd`; returns 0 or the errno of the failure.
    ///
    /// When `fd` is a terminal, a status line on that terminal is erased first
    /// and the write is done under the coordination lock, so no status line is
    /// drawn in the middle of it. Retries on EINTR, waits on EAGAIN.
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard bytes.count > 0 else { return 0 }
        guard isatty(fd) == 1, let terminal = identity(fd) else { return writeAll(fd, bytes) }
        return state.withLock { s in
            if let shown = s.shown, shown.terminal == terminal {
                _ = eraseSequence.withUnsafeBytes { writeAll(shown.fd, $0) }
                s.shown = nil
            }
            let failure = writeAll(fd, bytes)
            if bytes[bytes.count - 1] == 0x0A { s.midLine.remove(terminal) } else { s.midLine.insert(terminal) }
            return failure
        }
    }

    /// Erases the status line shown on the terminal of `fd`, if any (before another program,
    /// the pager, draws on that terminal).
    static func eraseShownStatus(_ fd: Int32) {
        guard let terminal = identity(fd) else { return }
        state.withLock { s in
            if let shown = s.shown, shown.terminal == terminal {
                _ = eraseSequence.withUnsafeBytes { writeAll(shown.fd, $0) }
                s.shown = nil
            }
        }
    }

    /// Writes `bytes` to `fd` (see `write(_:_:)`).
    @discardableResult
    public static func write(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { write(fd, $0) }
    }

    /// Writes a message to standard error (or `fd`), ending its line (a newline is added when missing).
    public static func message(_ text: String, to fd: Int32 = 2) {
        write(fd, Array((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Notes that the cursor of the terminal on `fd` is at the start of a line
    /// although callq did not write the newline (the user pressed Enter).
    public static func noteLineStart(_ fd: Int32 = 2) {
        guard let terminal = identity(fd) else { return }
        state.withLock { _ = $0.midLine.remove(terminal) }
    }

    /// Draws `text` as the status line of `owner` on terminal `fd`; returns whether it was drawn.
    ///
    /// Nothing is drawn while the cursor is inside a line, while another owner's
    /// line is shown, or after `interrupt()` silenced the owner. The text is cut
    /// to the terminal's width less one cell so it never wraps (a wrapped line
    /// could not be erased).
    @discardableResult
    static func drawStatus(_ owner: ObjectIdentifier, fd: Int32, text: String) -> Bool {
        guard isatty(fd) == 1, let terminal = identity(fd) else { return false }
        let width = Terminal.width(fd) ?? 80
        let fitted = DisplayWidth.truncate(text, to: max(1, width - 1))
        return state.withLock { s in
            if s.silenced.contains(owner) || s.midLine.contains(terminal) { return false }
            if let shown = s.shown, shown.owner != owner { return false }
            _ = (eraseSequence + Array(fitted.utf8)).withUnsafeBytes { writeAll(fd, $0) }
            s.shown = (owner, fd, terminal)
            return true
        }
    }

    /// Registers a status line that may draw from now on.
    static func begin(_ owner: ObjectIdentifier) {
        state.withLock { s in
            s.owners.insert(owner)
            s.silenced.remove(owner)
        }
    }

    /// Erases `owner`'s status line if it is shown; `end` also unregisters it.
    static func eraseStatus(_ owner: ObjectIdentifier, end: Bool = false) {
        state.withLock { s in
            if let shown = s.shown, shown.owner == owner {
                _ = eraseSequence.withUnsafeBytes { writeAll(shown.fd, $0) }
                s.shown = nil
            }
            if end {
                s.owners.remove(owner)
                s.silenced.remove(owner)
            }
        }
    }

    /// Ctrl-C: erases the status line and keeps it from coming back while the
    /// interrupted work winds down; then, if the cursor of the terminal on `fd`
    /// is at the start of a line, clears that line too (it holds only the `^C`
    /// the terminal echoed). Returns whether the line was cleared, so the caller
    /// can print `^C` itself.
    @discardableResult
    public static func interrupt(_ fd: Int32 = 2) -> Bool {
        guard isatty(fd) == 1, let terminal = identity(fd) else { return false }
        return state.withLock { s in
            if let shown = s.shown {
                _ = eraseSequence.withUnsafeBytes { writeAll(shown.fd, $0) }
                s.shown = nil
            }
            s.silenced.formUnion(s.owners)
            guard !s.midLine.contains(terminal) else { return false }
            _ = eraseSequence.withUnsafeBytes { writeAll(fd, $0) }
            return true
        }
    }

    /// The open file behind `fd`, or nil when it is not open.
    static func identity(_ fd: Int32) -> Identity? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// `write(2)` until every byte is out: EINTR retried, EAGAIN waited for with poll.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n >= 0 { offset += n; continue }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK {
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&p, 1, -1)
                continue
            }
            return code
        }
        return 0
    }
}
