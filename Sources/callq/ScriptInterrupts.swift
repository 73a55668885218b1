// Ctrl-C outside the REPL (`callq -c …`, script files, stdin): the first press
// cancels the running statement — its progress line is erased, an `into` file
// is left untouched, the run ends with status 130 — and a second press ends the
// process at once, should the statement be slow to stop. SIGTERM and SIGHUP
// cancel the same way (`TerminationMonitor`) and end with 143 or 129.
import CallqOutput
import CallqShell
import Foundation
import Synchronization

/// Runs non-interactive work so that Ctrl-C cancels it cleanly.
enum ScriptInterrupts {
    /// Runs `work` in a task that the first Ctrl-C cancels; returns its status.
    static func run(_ work: @escaping @Sendable () async -> Int32) async -> Int32 {
        InterruptMonitor.shared.install()
        let task = Task { await work() }
        let presses = Atomic<Int>(0)
        InterruptMonitor.shared.setHandler {
            // The terminal echoed `^C` (and the progress line may be showing): clear both.
            SharedTerminal.interrupt()
            if presses.add(1, ordering: .relaxed).newValue >= 2 {
                SharedTerminal.message("callq: interrupted")
                exit(130)
            }
            task.cancel()
        }
        let status = await task.value
        InterruptMonitor.shared.setHandler(nil)
        // SIGTERM/SIGHUP cancelled the work as Ctrl-C does; the status says which signal.
        return TerminationMonitor.shared.exitStatus ?? status
    }
}
