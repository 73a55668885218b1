// Turns SIGINT (Ctrl-C) into a call of the handler registered for the shell's current
// phase — editing a line or running a statement — whichever thread the kernel delivers
// the signal to. A `sigaction` handler writes one byte to a self-pipe; a dispatch read
// source drains the pipe and calls the handler.
import Dispatch
import Glibc
import Synchronization

/// The self-pipe's write end as seen by the signal handler (an atomic load is async-signal-safe).
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// The SIGINT handler: one byte into the self-pipe, errno preserved. Nothing else is signal-safe.
private func interruptSignalHandler(_: Int32) {
    let savedErrno = errno
    let fd = signalPipeWriteEnd.load(ordering: .relaxed)
    if fd >= 0 {
        var byte: UInt8 = 3
        _ = write(fd, &byte, 1)
    }
    errno = savedErrno
}

/// Process-wide Ctrl-C dispatcher used by `LineEditor` and `REPL`.
///
/// `install()` replaces the SIGINT disposition for the whole process: from then on
/// Ctrl-C never kills the process; it calls the current handler, or does nothing when
/// none is set. The handler runs on a private serial dispatch queue.
public final class InterruptMonitor: Sendable {
    /// The one monitor (signal dispositions are per process).
    public static let shared = InterruptMonitor()

    private struct State {
        var installed = false
        var readEnd: Int32 = -1
        var handler: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "callq.interrupts")
    /// Kept alive for the life of the process; written once, under `state`'s first install.
    private nonisolated(unsafe) var source: (any DispatchSourceRead)?

    /// Marks `queue`, so that `setHandler` knows when it is called from a handler.
    private static let onQueue = DispatchSpecificKey<Bool>()

    private init() { queue.setSpecific(key: Self.onQueue, value: true) }

    /// Installs the SIGINT handler and the self-pipe; later calls do nothing.
    ///
    /// The handler is installed with `SA_RESTART`: a Ctrl-C must not make unrelated
    /// system calls of other threads fail with EINTR. Line editing does not need EINTR
    /// either: `LineEditor` waits on the pipe as well as on the terminal.
    public func install() {
        let readEnd: Int32? = state.withLock { state in
            if state.installed { return nil }
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { return nil }
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
            state.installed = true
            state.readEnd = fds[0]
            signalPipeWriteEnd.store(fds[1], ordering: .sequentiallyConsistent)
            return fds[0]
        }
        guard let readEnd else { return }
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: queue)
        source.setEventHandler { [self] in
            var buffer = [UInt8](repeating: 0, count: 64)
            var received = 0
            while true {
                let n = read(readEnd, &buffer, buffer.count)
                if n > 0 { received += n } else { break }
            }
            guard received > 0 else { return }
            let handler = state.withLock { $0.handler }
            for _ in 0..<received { handler?() }  // once per Ctrl-C the kernel delivered
        }
        source.resume()
        self.source = source

        var action = sigaction()
        action.__sigaction_handler.sa_handler = interruptSignalHandler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
    }

    /// Calls the current handler once, as a Ctrl-C would (SIGTERM and SIGHUP stop work this way).
    public func interruptNow() {
        queue.async { [self] in
            let handler = state.withLock { $0.handler }
            handler?()
        }
    }

    /// Sets the handler called on each Ctrl-C (nil: ignore Ctrl-C); returns the previous one.
    /// When it returns, the previous handler is not running and will not run again for a Ctrl-C
    /// it already took (a Ctrl-C taken just before the swap ran it to its end first): so a caller
    /// that checks what the previous handler recorded, right after, sees every Ctrl-C.
    @discardableResult
    public func setHandler(_ handler: (@Sendable () -> Void)?) -> (@Sendable () -> Void)? {
        let previous = state.withLock { state in
            let previous = state.handler
            state.handler = handler
            return previous
        }
        if DispatchQueue.getSpecific(key: Self.onQueue) == nil { queue.sync {} }
        return previous
    }
}
