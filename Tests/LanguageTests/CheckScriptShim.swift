// Bridges ScriptSplitterTests to the checker's whole-script check.

import CallqSemantics
import CallqSyntax

func Checker_checkScript(_ script: String) -> [Diagnostic] {
    Checker.checkScript(script, context: T.context)
}
