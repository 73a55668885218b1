// File paths of a query: `into 'PATH'` must name a format callq writes (or a
// `format` clause must say which), and `~/` at the start of `into`/`from file`
// paths is the home directory, as in a shell.

import CallqResult
import CallqSyntax
import Foundation

extension Checker {
    /// Refuses `into 'x.xlsx'` without a `format` clause: callq writes no such file, and
    /// writing NDJSON under that name would be a surprise.
    func checkInto(_ into: StringLiteral?, format: OutputFormat?) throws(Diagnostic) {
        guard format == nil, let into, let ext = OutputFormat.unwrittenExtension(of: into.value) else { return }
        throw Diagnostic(
            .invalidClause, "callq does not write `.\(ext)` files", at: into.range,
            hint: "name a .csv, .tsv, .json, .ndjson, .md or .txt file, "
                + "or say which format to write: `format csv into '\(into.value)'`")
    }

    /// `~` or `~/…` made absolute with $HOME; other paths unchanged.
    public static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"),
            let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty
        else { return path }
        return home + path.dropFirst()
    }
}
