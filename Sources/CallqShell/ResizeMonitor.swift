// Turns SIGWINCH (the terminal was resized) into a byte on a self-pipe that the line
// editor's reader waits on, so the resize is handled on the editor's own thread. libedit's
// own SIGWINCH handler resizes its display buffers inside the signal handler (malloc and
// free, on whichever thread the kernel picked, while the main thread may be drawing), which
// crashed or garbled the shell; `claim()` puts this handler back each time libedit has
// installed its own at the start of a line.
import Glibc
import Synchronization

/// The self-pipe's write end as the handler sees it (an atomic load is async-signal-safe).
private let resizePipeWriteEnd = Atomic<Int32>(-1)

/// The SIGWINCH handler: one byte into the self-pipe, errno preserved.
private func resizeSignalHandler(_: Int32) {
    let savedErrno = errno
    let fd = resizePipeWriteEnd.load(ordering: .relaxed)
    if fd >= 0 {
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }
    errno = savedErrno
}

/// Process-wide SIGWINCH disposition for `LineEditor`.
enum ResizeMonitor {
    /// Makes SIGWINCH write to `writeEnd` (non-blocking) from now on.
    static func install(writeEnd: Int32) {
        resizePipeWriteEnd.store(writeEnd, ordering: .sequentiallyConsistent)
        claim()
    }

    /// Installs the handler again (libedit replaces it at the start of each `el_gets` and
    /// restores it at the end). `SA_RESTART`: other threads' system calls go on undisturbed.
    static func claim() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = resizeSignalHandler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGWINCH, &action, nil)
    }
}
