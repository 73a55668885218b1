// Starting the `callq-shell-probe` harness on a pseudo-terminal with a private state
// directory (history) and home, and the prompt it shows, for the REPL tests.
import Glibc

/// The probe program under a pseudo-terminal, in a fresh temporary directory.
enum Probe {
    static let prompt = "probe> "
    static let continuation = "  ...> "

    /// A new empty directory under /tmp.
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/callq-shell-test-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else { return "/tmp" }
        return String(cString: path)
    }

    /// Starts the probe with `XDG_STATE_HOME` and `HOME` in `directory` (a new one when nil).
    /// `LANG` is not set: the editor must fall back to a UTF-8 locale by itself.
    static func start(
        directory: String? = nil, environment: [String: String] = [:],
        standardOutput: String? = nil
    ) throws -> (PseudoTerminal, String) {
        let directory = directory ?? temporaryDirectory()
        var variables = ["XDG_STATE_HOME": directory + "/state", "HOME": directory]
        variables.merge(environment) { $1 }
        let terminal = try PseudoTerminal(
            executable: PseudoTerminal.builtProduct("callq-shell-probe"),
            environment: variables, standardOutput: standardOutput)
        return (terminal, directory)
    }

    /// Whether the cursor sits on an empty main prompt and the editor waits for keys.
    static func isAtFreshPrompt(_ terminal: PseudoTerminal) -> Bool {
        isEditing(terminal, line: "probe>")
    }

    /// Whether the cursor sits on an empty continuation prompt and the editor waits for keys.
    static func isAtContinuationPrompt(_ terminal: PseudoTerminal) -> Bool {
        isEditing(terminal, line: "  ...>")
    }

    /// Whether the cursor's line reads `line`, the cursor is one space after it, and the
    /// terminal is in the editor's raw mode.
    static func isEditing(_ terminal: PseudoTerminal, line: String) -> Bool {
        terminal.screen.cursorLine == line && terminal.screen.column == line.count + 1
            && terminal.isInRawMode
    }
}

/// The contents of a text file, or nil when it cannot be read.
func readTextFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
