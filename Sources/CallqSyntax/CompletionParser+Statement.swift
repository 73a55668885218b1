// Completion walk over statements (SPEC §3.1, §10.1, §11), mirroring Parser+Statement:
// the statement words, `explain`, `use task`, `set`, `let`, `sync`, `mirrors`, `ping`, `help`.

extension CompletionParser {
    /// The words a statement starts with, as offered (`order` is accepted nowhere; `tasks` after
    /// `use`/`in`/`sync` is a quiet synonym of `task`).
    static let statementStarts = ["orders", "tasks", "calls", "explain", "use", "set", "let", "sync", "mirrors",
                                  "ping", "help"]

    mutating func statement() throws(Stop) {
        if atEnd {
            for w in CompletionParser.statementStarts { offer(.word(w)) }
            throw .reached
        }
        switch word {
        case "orders", "tasks", "calls":
            try query()
        case "explain":
            advance()
            if atEnd {
                for w in ["orders", "tasks", "calls"] { offer(.word(w)) }
                throw .reached
            }
            guard let w = word, ["orders", "tasks", "calls"].contains(w) else { throw .invalid }
            try query()
        case "use":
            advance()
            if !accept("task"), !acceptQuietly("tasks") { throw stop }
            try stringList(.taskIDs)
        case "set":
            advance()
            if atEnd {
                offer(.settings)
                throw .reached
            }
            guard let name = word else { throw .invalid }
            advance()
            _ = accept(symbol: "=")
            try value([.settingValues(name)])
        case "let":
            advance()
            guard word != nil else { throw stop }
            advance()
            try expect(symbol: "=")
            if accept(symbol: "(") {
                try expression(.filter)
                try expect(symbol: ")")
            } else {
                try value([])
            }
        case "sync":
            advance()
            if accept("task") || acceptQuietly("tasks") { try stringList(.taskIDs) }
            _ = accept("full")
        case "mirrors", "ping":
            advance()
        case "help":
            advance()
            if atEnd {
                offer(.helpTopics)
                throw .reached
            }
            switch current.kind {
            case .word, .string: advance()
            default: break
            }
        default:
            throw .invalid
        }
        try finish()
    }
}
