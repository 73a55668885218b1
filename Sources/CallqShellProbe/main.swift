// TEST HARNESS ONLY — not part of callq. Runs the real `REPL` and `LineEditor` over
// `ProbeHost` so ShellTests can drive them through a pseudo-terminal (the real `callq`
// executable lives outside the shell area). `PROBE_INIT` is a statement run at start-up
// the way a host runs init.cq (interruptibly). History goes where `LineEditor` puts it.
import CallqShell
import Glibc

let editor = LineEditor(programName: "callq-shell-probe")
let host = ProbeHost()
let repl = REPL(host: host, editor: editor)
if let initStatement = getenv("PROBE_INIT").map({ String(cString: $0) }) {
    if case .abandoned = await repl.runInterruptibly({ await host.execute(initStatement) }) { exit(130) }
}
exit(await repl.run())
