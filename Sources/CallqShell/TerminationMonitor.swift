// SIGTERM and SIGHUP handled like Ctrl-C: the running statement is cancelled (so an
// `into` temporary is removed and a sync releases its lock), then the program ends
// with 128 + the signal (143, 129). A `sigaction` handler writes the signal number to
// a self-pipe; a dispatch read source records it and calls the current handler.
import Dispatch
import Glibc
import Synchronization

/// The self-pipe's write end as the handler sees it (an atomic load is async-signal-safe).
private let terminationPipeWriteEnd = Atomic<Int32>(-1)

/// The SIGTERM/SIGHUP handler: the signal number into the self-pipe, errno preserved.
private func terminationSignalHandler(_ signal: Int32) {
    let savedErrno = errno
    let fd = terminationPipeWriteEnd.load(ordering: .relaxed)
    if fd >= 0 {
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = write(fd, &byte, 1)
    }
    errno = savedErrno
}

/// Process-wide SIGTERM/SIGHUP dispatcher.
///
/// After `install()` neither signal kills the process at once: the first one is
/// recorded (`received`), the running work is cancelled through `InterruptMonitor`'s
/// current handler (as a Ctrl-C would) and through the handler set here, and the
/// process ends with `128 + signal` — by itself once the work has stopped, or after
/// `grace` when it does not stop. A second signal ends it at once.
public final class TerminationMonitor: Sendable {
    /// The one monitor (signal dispositions are per process).
    public static let shared = TerminationMonitor()

    /// How long cancelled work may take to clean up before the process ends anyway.
    public static let grace: Duration = .seconds(5)

    private struct State {
        var installed = false
        var received: Int32?
        var handler: (@Sendable (Int32) -> Void)?
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "callq.termination")
    /// Kept alive for the life of the process; written once, under `state`'s first install.
    private nonisolated(unsafe) var source: (any DispatchSourceRead)?

    private init() {}

    /// The first SIGTERM or SIGHUP received, if any.
    public var received: Int32? { state.withLock { $0.received } }

    /// The exit status for a received signal: 128 + its number (143 for SIGTERM, 129 for SIGHUP).
    public var exitStatus: Int32? { received.map { 128 + $0 } }

    /// Installs the handlers for SIGTERM and SIGHUP; later calls do nothing.
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
            terminationPipeWriteEnd.store(fds[1], ordering: .sequentiallyConsistent)
            return fds[0]
        }
        guard let readEnd else { return }
        InterruptMonitor.shared.install()
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: queue)
        source.setEventHandler { [self] in
            var buffer = [UInt8](repeating: 0, count: 16)
            while true {
                let n = read(readEnd, &buffer, buffer.count)
                guard n > 0 else { break }
                for byte in buffer[..<n] { deliver(Int32(byte)) }
            }
        }
        source.resume()
        self.source = source
        var action = sigaction()
        action.__sigaction_handler.sa_handler = terminationSignalHandler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGHUP, &action, nil)
    }

    /// Sets the handler called with the signal when the first one arrives (nil: none).
    public func setHandler(_ handler: (@Sendable (Int32) -> Void)?) {
        state.withLock { $0.handler = handler }
    }

    private func deliver(_ signal: Int32) {
        let (first, handler) = state.withLock { s -> (Bool, (@Sendable (Int32) -> Void)?) in
            if s.received != nil { return (false, nil) }
            s.received = signal
            return (true, s.handler)
        }
        guard first else {
            exit(128 + (received ?? signal))  // a second signal: no more waiting
        }
        handler?(signal)
        InterruptMonitor.shared.interruptNow()
        queue.asyncAfter(deadline: .now() + .seconds(Int(Self.grace.components.seconds))) {
            exit(128 + signal)
        }
    }
}
