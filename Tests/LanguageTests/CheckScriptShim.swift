// Test support: each statement of a script parsed (with its script position) and
// checked on its own, so splitter tests can assert positions of diagnostics.
// (The product's whole-script check, with session effects, is CallqKit's.)

import CallqSemantics
import CallqSyntax

func Checker_checkScript(_ script: String) -> [Diagnostic] {
    ScriptSplitter.split(script).compactMap { s -> Diagnostic? in
        do throws(Diagnostic) {
            _ = try Checker.check(try Parser.parse(s.text, origin: s.origin), context: T.context)
            return nil
        } catch {
            return error
        }
    }
}
