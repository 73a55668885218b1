import Synchronization

// Where writers put their bytes: a buffered file descriptor (stdout), a file
// written through a temporary and renamed into place on commit (`into 'PATH'`),
// or memory (tests, embedding). The executor calls `flush()` after each page.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered, thread-safe byte destination shared by the writers.
///
/// Bytes collect in a buffer and reach the descriptor when it holds 64 KiB, on
/// `flush()`, and on `commit()`. A closed pipe (EPIPE) throws
/// `OutputError.brokenPipe`, then and on every later write; call
/// `OutputSink.ignoreBrokenPipeSignal()` once at start so EPIPE is reported
/// instead of the process being killed by SIGPIPE.
public final class OutputSink: Sendable {
    enum Destination: Sendable {
        case descriptor(Int32)
        /// A temporary file `temp` (open as `fd`) that `commit` renames to `path`
        /// (a symlink's target); messages name `shown`, the path as written.
        case file(fd: Int32, temp: String, path: String, shown: String)
        /// A device, pipe or inherited descriptor written directly; closed on commit.
        case through(fd: Int32, path: String)
        /// An unlinked staging file copied over the open `target` on commit.
        case inPlace(stage: Int32, target: Int32, path: String)
        case memory
    }

    struct State: Sendable {
        var destination: Destination
        var buffer: [UInt8] = []
        var written: [UInt8] = []  // memory sinks only
        var broken = false
        var closed = false
    }

    /// Buffered bytes that trigger a write to the descriptor.
    static let threshold = 64 * 1024

    let state: Mutex<State>

    init(_ destination: Destination) {
        var s = State(destination: destination)
        s.buffer.reserveCapacity(Self.threshold)
        state = Mutex(s)
    }

    /// A sink over an open descriptor that it does not own (never closes it).
    public convenience init(fileDescriptor: Int32) {
        self.init(.descriptor(fileDescriptor))
    }

    /// The process's standard output (one shared buffer for the whole program).
    public static let standardOutput = OutputSink(fileDescriptor: 1)

    /// A sink that keeps everything in memory; read it with `contents`.
    public static func memory() -> OutputSink { OutputSink(.memory) }

    /// Makes a closed pipe an `EPIPE` error rather than a fatal SIGPIPE. Call once at start.
    public static func ignoreBrokenPipeSignal() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Everything written so far to a memory sink, flushed or not (empty for other sinks).
    public var contents: [UInt8] {
        state.withLock { s in
            guard case .memory = s.destination else { return [] }
            return s.written + s.buffer
        }
    }

    /// `contents` as UTF-8 text.
    public var text: String { String(decoding: contents, as: UTF8.self) }

    /// Appends bytes; they reach the destination by the next `flush()` at the latest.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        try state.withLock { s throws(OutputError) in
            try Self.check(s)
            s.buffer.append(contentsOf: bytes)
            if s.buffer.count >= Self.threshold { try Self.drain(&s) }
        }
    }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) throws(OutputError) {
        try state.withLock { s throws(OutputError) in
            try Self.check(s)
            s.buffer.append(contentsOf: text.utf8)
            if s.buffer.count >= Self.threshold { try Self.drain(&s) }
        }
    }

    /// Appends `bytes` and then one `terminator` byte, in one step (an NDJSON line).
    func write(_ bytes: [UInt8], terminator: UInt8) throws(OutputError) {
        try state.withLock { s throws(OutputError) in
            try Self.check(s)
            s.buffer.append(contentsOf: bytes)
            s.buffer.append(terminator)
            if s.buffer.count >= Self.threshold { try Self.drain(&s) }
        }
    }

    /// Sends buffered bytes to the descriptor now (so a downstream `jq` sees them).
    public func flush() throws(OutputError) {
        try state.withLock { s throws(OutputError) in
            try Self.check(s)
            try Self.drain(&s)
        }
    }

    static func check(_ s: State) throws(OutputError) {
        if s.broken { throw .brokenPipe }
        if s.closed { throw .closed }
    }

    /// Writes the whole buffer, retrying on EINTR/EAGAIN and partial writes (see `SharedTerminal.write`).
    static func drain(_ s: inout State) throws(OutputError) {
        let fd: Int32
        var path: String? = nil
        switch s.destination {
        case .memory:
            s.written.append(contentsOf: s.buffer)
            s.buffer.removeAll(keepingCapacity: true)
            return
        case .descriptor(let d): fd = d
        case .file(let d, _, _, let shown): fd = d; path = shown
        case .through(let d, let shown): fd = d; path = shown
        case .inPlace(let d, _, let shown): fd = d; path = shown
        }
        // Through SharedTerminal: on a terminal, the progress line is erased first.
        let code = s.buffer.withUnsafeBytes { SharedTerminal.write(fd, $0) }
        var failure: OutputError? = nil
        if code != 0 { failure = code == EPIPE ? .brokenPipe : .io(operation: "write", path: path, errno: code) }
        s.buffer.removeAll(keepingCapacity: true)
        if let failure {
            if failure == .brokenPipe { s.broken = true }
            throw failure
        }
    }
}

/// `write(2)` under a name that does not clash with `OutputSink.write`.
@inline(__always)
func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(fd, p, n)
    #else
        return Darwin.write(fd, p, n)
    #endif
}
