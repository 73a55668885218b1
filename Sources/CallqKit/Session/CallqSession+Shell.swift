// Session operations behind the REPL's dot-commands: redirecting output
// (`.output`), listing settings with secrets masked (`.show`), and the words
// tab completion offers.
import CallqOutput
import CallqSemantics
import Foundation

extension CallqSession {
    /// `.output PATH` sends results to a file (written through a temporary file and
    /// renamed into place when output is switched back); `.output` alone returns to stdout.
    public func setOutput(path: String?) throws(CallqError) {
        if let old = redirect {
            do { try old.flush(); try old.commit() } catch {
                throw CallqError(.runtime, "cannot finish the output file: \(error)")
            }
            redirect = nil
        }
        guard var path, !path.isEmpty else { return }
        path = Checker.expandingTilde(path)
        do { redirect = try OutputSink.file(atPath: path) } catch {
            throw CallqError(.runtime, "cannot write \(path): \(error)")
        }
        // Results that showed as tables now leave as NDJSON: say so rather than surprise.
        if settings.format == nil {
            warn(
                "results now go to \(path) as ndjson (the format is auto, and a file is not a terminal); "
                    + "`.format csv` (or json, tsv, markdown, table) picks another")
        }
    }

    /// Everything `.show` prints: the connection (secret masked) and the settings.
    public var showListing: String {
        var lines = ["connection:"]
        lines += connection.listing.map { "  \($0.0) = \($0.1)" }
        lines.append("session:")
        lines.append("  default tasks = \(defaultTasks.isEmpty ? "(none)" : defaultTasks.joined(separator: ", "))")
        if !variables.isEmpty {
            lines.append("  variables = \(variables.keys.sorted().map { "$" + $0 }.joined(separator: ", "))")
        }
        lines.append("  output = \(redirect == nil ? "stdout" : "file")")
        lines.append("settings:")
        lines += settings.listing.map { "  \($0.0) = \($0.1)" }
        return lines.joined(separator: "\n")
    }

    /// Applies a format by name (`.format csv`).
    public func setFormat(_ name: String) throws(CallqError) { try apply(setting: "format", value: name) }
}
