// The hand-over of Ctrl-C between handlers: when `setHandler` returns, the handler it
// replaced has finished any call a Ctrl-C already made, so a REPL that swaps handlers
// and then checks what the old one recorded never loses a Ctrl-C pressed in between
// (a Ctrl-C at the moment a dot-command started was lost that way on a crowded machine).
import Foundation
import Synchronization
import Testing

@testable import CallqShell

@Suite("InterruptMonitor", .serialized)
struct InterruptMonitorTests {
    @Test func setHandlerReturnsOnlyWhenTheReplacedHandlerHasFinished() {
        let started = DispatchSemaphore(value: 0)
        let finished = Atomic<Bool>(false)
        let previous = InterruptMonitor.shared.setHandler {
            started.signal()
            usleep(300_000)  // still running when the handler is replaced
            finished.store(true, ordering: .sequentiallyConsistent)
        }
        defer { InterruptMonitor.shared.setHandler(previous) }
        InterruptMonitor.shared.interruptNow()
        #expect(started.wait(timeout: .now() + 20) == .success)
        InterruptMonitor.shared.setHandler(nil)
        let done = finished.load(ordering: .sequentiallyConsistent)
        #expect(done, "the replaced handler was still running")
    }
}
