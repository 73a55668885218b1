// TEST HARNESS ONLY — not part of callq. Runs the real `REPL` and `LineEditor` over
// `ProbeHost` so ShellTests can drive them through a pseudo-terminal (the real `callq`
// executable lives outside the shell area). History goes where `LineEditor` puts it.
import CallqShell
import Glibc

let editor = LineEditor(programName: "callq-shell-probe")
let status = await REPL(host: ProbeHost(), editor: editor).run()
exit(status)
