// Running a statement so that Ctrl-C cancels it: the work runs in its own task while the
// REPL waits for either its end or an interrupt from `InterruptMonitor`. The first Ctrl-C
// cancels the task (cooperatively); a third one gives up waiting and ends the REPL.

/// How an interruptible run ended.
public enum RunOutcome<Value: Sendable>: Sendable {
    /// It finished by itself.
    case finished(Value)
    /// Ctrl-C cancelled it, and it has stopped.
    case cancelled(Value)
    /// It would not stop after three Ctrl-C; it may still be running.
    case abandoned
}

private enum RunEvent: Sendable {
    case finished
    case interrupt
}

extension REPL {
    /// Runs `operation` in a task on the main actor, as the REPL runs statements: the
    /// first Ctrl-C cancels it (`^C cancelled` is printed when it returns), the third stops
    /// waiting (`.abandoned`; the REPL would exit with 130). Hosts may use it for start-up
    /// work such as `init.cq`, once the `LineEditor` exists.
    public func runInterruptibly<Value: Sendable>(
        _ operation: @escaping @MainActor () async -> Value
    ) async -> RunOutcome<Value> {
        let (events, continuation) = AsyncStream<RunEvent>.makeStream()
        let task = Task { @MainActor in
            let value = await operation()
            continuation.yield(.finished)
            return value
        }
        // Cancel straight from the signal queue: it works even while the operation keeps
        // the main actor busy; the loop below only counts presses and reports. The event
        // goes first so that it is queued before the `.finished` the cancellation causes.
        let previous = InterruptMonitor.shared.setHandler {
            continuation.yield(.interrupt)
            task.cancel()
        }
        defer {
            InterruptMonitor.shared.setHandler(previous)
            continuation.finish()
        }
        // Ctrl-C pressed after the line was read but before this handler was set.
        if pendingInterrupt.exchange(false, ordering: .sequentiallyConsistent) {
            continuation.yield(.interrupt)
            task.cancel()
        }
        var interrupts = 0
        var echoCleared = false
        for await event in events {
            switch event {
            case .finished:
                let value = await task.value
                if interrupts == 0 { return .finished(value) }
                // The terminal has already echoed "^C" when it is in cooked mode with ECHOCTL,
                // unless the host cleared that line.
                let echoed = Console.terminalEchoesControlCharacters && !echoCleared
                Console.error(echoed ? " cancelled\n" : "^C cancelled\n")
                return .cancelled(value)
            case .interrupt:
                interrupts += 1
                if host.interrupted() { echoCleared = true }
                if interrupts == 2 {
                    Console.error("^C still stopping; press Ctrl-C once more to leave the shell\n")
                } else if interrupts >= 3 {
                    Console.error("^C leaving the shell\n")
                    return .abandoned
                }
            }
        }
        return .finished(await task.value)
    }
}
