// History for the line editor: where the file lives (XDG state directory), loading it at
// start, adding an entry and saving the file (mode 0600) after each one, and listing it.
import CLibEdit
import Glibc

extension LineEditor {
    /// `$XDG_STATE_HOME/callq/history`, else `$HOME/.local/state/callq/history`; nil without either.
    public static func defaultHistoryPath(environment: [String: String]? = nil) -> String? {
        let lookup: (String) -> String? = { name in
            if let environment { return environment[name] }
            return getenv(name).map { String(cString: $0) }
        }
        if let state = lookup("XDG_STATE_HOME"), state.hasPrefix("/") {
            return state + "/callq/history"
        }
        if let home = lookup("HOME"), !home.isEmpty {
            return home + "/.local/state/callq/history"
        }
        return nil
    }

    /// Adds a statement to history and saves the history file at once.
    public func addHistory(_ entry: String) {
        guard let history, !entry.isEmpty else { return }
        _ = callq_history_enter(history, entry)
        saveHistory()
    }

    /// Every history entry, oldest first.
    public var historyEntries: [String] {
        guard let history else { return [] }
        var entries: [String] = []
        var entry = callq_history_last(history)
        while let current = entry {
            entries.append(String(cString: current))
            entry = callq_history_prev(history)
        }
        return entries
    }

    func loadHistory() {
        guard let history, let historyPath, access(historyPath, R_OK) == 0 else { return }
        _ = callq_history_load(history, historyPath)
    }

    /// Writes the history file, creating it (and its directories) owner-only.
    func saveHistory() {
        guard let history, let historyPath else { return }
        let directory = historyPath.split(separator: "/", omittingEmptySubsequences: false)
            .dropLast().joined(separator: "/")
        LineEditor.makeDirectories(directory)
        let fd = open(historyPath, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        _ = fchmod(fd, 0o600)
        close(fd)
        _ = callq_history_save(history, historyPath)
    }

    /// `mkdir -p` with mode 0700 for the directories it creates.
    static func makeDirectories(_ path: String) {
        guard !path.isEmpty else { return }
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if access(prefix, F_OK) != 0 { _ = mkdir(prefix, 0o700) }
        }
    }
}
