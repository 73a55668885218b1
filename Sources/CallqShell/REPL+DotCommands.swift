// The dot-commands the REPL runs itself — `.quit`/`.exit`, `.history`, `.watch SECONDS
// QUERY` — and the hand-off of every other one to the host.

extension REPL {
    /// Runs one dot-command line; returns an exit status when the REPL should end.
    func runDotCommand(_ line: String) async -> Int32? {
        let name: String
        let arguments: String
        if let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            name = line[..<space].lowercased()
            arguments = line[space...].trimmingWhitespace()
        } else {
            name = line.lowercased()
            arguments = ""
        }
        switch name {
        case ".quit", ".exit":
            return 0
        case ".history":
            Console.out(REPL.formatHistory(editor.historyEntries))
            return nil
        case ".watch":
            return await watch(arguments)
        default:
            let host = self.host
            switch await runInterruptibly({ await host.dotCommand(name, arguments) }) {
            case .finished(.unknown), .cancelled(.unknown):
                Console.error("unknown command \(name) (try .help)\n")
            case .finished(.exit(let status)), .cancelled(.exit(let status)):
                return status
            case .finished(.done), .cancelled(.done):
                break
            case .abandoned:
                return 130
            }
            return nil
        }
    }

    /// `.watch SECONDS QUERY`: clear, show a header, run, wait; until Ctrl-C.
    ///
    /// Stops by itself when the first run fails (most likely an error in the query);
    /// later failures (a network hiccup) do not stop it.
    private func watch(_ arguments: String) async -> Int32? {
        let parts = arguments.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let seconds = Double(parts[0]), seconds > 0, seconds <= 86_400 else {
            Console.error("usage: .watch SECONDS QUERY  (re-runs QUERY every SECONDS, at most 86400, until Ctrl-C)\n")
            return nil
        }
        let query = parts[1].trimmingWhitespace()
        let host = self.host
        // The language's own `watch` statement, when the host has one: `.watch` is its shorthand.
        if let statement = host.watchStatement(seconds: seconds, query: query) {
            if case .abandoned = await runInterruptibly({ await host.execute(statement) }) { return 130 }
            return nil
        }
        let outcome = await runInterruptibly { () async -> Bool in
            var runs = 0
            while !Task.isCancelled {
                if Console.outputIsTerminal { Console.out("\u{1B}[H\u{1B}[2J") }
                Console.out("Every \(parts[0])s: \(query)    \(Console.localTimeStamp())\n\n")
                let succeeded = await host.execute(query)
                runs += 1
                if runs == 1 && !succeeded { return false }
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            }
            return true
        }
        if case .abandoned = outcome { return 130 }
        return nil
    }

    /// History as `.history` prints it: numbered, oldest first, later lines indented.
    nonisolated static func formatHistory(_ entries: [String]) -> String {
        let width = String(entries.count).count
        var out = ""
        for (offset, entry) in entries.enumerated() {
            let number = String(offset + 1)
            let pad = String(repeating: " ", count: width - number.count)
            let indent = "\n" + String(repeating: " ", count: width + 4)
            out +=
                "  " + pad + number + "  "
                + entry.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: indent) + "\n"
        }
        return out
    }
}
