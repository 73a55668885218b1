// Completion walk over queries (SPEC §3.2, §9, §10.4, §11), mirroring Parser+Query: the
// source, `where`, the output (`select`, `count … by`, `stats … by`), `having`, and the tail
// clauses, each at most once. It records the output columns so `order by` and `having`
// can offer them.

extension CompletionParser {
    /// The clauses after the output, each allowed once, in any order.
    static let tailWords = ["order", "limit", "page", "size", "format", "into"]

    /// query := (`orders` source | `tasks` | `calls` callsSource) [`where` expr] output tail*
    mutating func query() throws(Stop) {
        switch word {
        case "tasks":
            advance()
            scope = .tasks
        case "calls":
            advance()
            scope = .calls
            try callsSource()
        default:
            advance()
            scope = .orders
            try ordersSource()
        }
        if accept("where") { try expression(.filter) }
        try output()
        try tail()
    }

    /// source := `in` `task` stringList | `from` (`file` STRING | `stdin` | `mirror` [`in` `task` stringList]) | ε
    mutating func ordersSource() throws(Stop) {
        if accept("in") {
            if !accept("task"), !acceptQuietly("tasks") { throw stop }
            try stringList(.taskIDs)
            return
        }
        guard accept("from") else { return }
        if accept("stdin") { return }
        if accept("mirror") {
            if accept("in") {
                if !accept("task"), !acceptQuietly("tasks") { throw stop }
                try stringList(.taskIDs)
            }
            return
        }
        if accept("file") {
            if atEnd {
                offer(.paths)
                throw .reached
            }
            guard case .string = current.kind else { throw .invalid }
            advance()
            return
        }
        throw stop
    }

    /// callsSource := `in` `task` stringList | `from` `mirror` [`in` `task` stringList] | ε
    /// (the parser reads `orders`' source and refuses a file or stdin)
    mutating func callsSource() throws(Stop) {
        if accept("in") {
            if !accept("task"), !acceptQuietly("tasks") { throw stop }
            try stringList(.taskIDs)
            return
        }
        guard accept("from") else { return }
        try expect("mirror")
        if accept("in") {
            if !accept("task"), !acceptQuietly("tasks") { throw stop }
            try stringList(.taskIDs)
        }
    }

    /// output := `select` (`*` | item (`,` item)*) | `count` [`(` `)`] [`by` keys] [having]
    ///         | `stats` statsItem (`,` statsItem)* [`by` keys] [having] | ε
    mutating func output() throws(Stop) {
        if accept("select") {
            if accept(symbol: "*") { return }
            var names: [String] = []
            repeat {
                let start = index
                _ = try operand(.fields)
                let written = text(from: start, to: index)
                names.append(try alias() ?? written)
            } while accept(symbol: ",")
            outputColumns = names
            return
        }
        if accept("count") {
            if accept(symbol: "(") { try expect(symbol: ")") }
            let keys = accept("by") ? try keyList() : []
            outputColumns = keys + ["count"]
            groups = true
            try having()
            return
        }
        if accept("stats") {
            var names: [String] = []
            repeat {
                let start = index
                try statsItem()
                let written = text(from: start, to: index)
                names.append(try alias() ?? written)
            } while accept(symbol: ",")
            let keys = accept("by") ? try keyList() : []
            outputColumns = keys + names
            groups = true
            try having()
        }
    }

    /// alias := `as` (NAME | STRING) | ε — a new name, so nothing is offered after `as`.
    mutating func alias() throws(Stop) -> String? {
        guard accept("as") else { return nil }
        switch current.kind {
        case .word(let name), .string(let name):
            advance()
            return name
        default:
            throw stop
        }
    }

    /// keys := key (`,` key)* — the `by` list; returns the column names (each as written).
    mutating func keyList() throws(Stop) -> [String] {
        var names: [String] = []
        repeat {
            let start = index
            _ = try operand(.fields)
            names.append(text(from: start, to: index))
        } while accept(symbol: ",")
        return names
    }

    /// having := `having` condition over the output columns | ε
    mutating func having() throws(Stop) {
        if accept("having") { try expression(.having) }
    }

    /// tail := `order` `by` orderItem (`,` orderItem)* | `limit` INT | `page` INT [`..` INT] | `size` INT
    ///       | `format` (NAME | STRING) | `into` STRING — each at most once.
    mutating func tail() throws(Stop) {
        var seen = Set<String>()
        while true {
            if atEnd {
                for w in CompletionParser.tailWords where !seen.contains(w) { offer(.word(w)) }
                return
            }
            guard let w = word, CompletionParser.tailWords.contains(w) else { return }
            guard seen.insert(w).inserted else { throw .invalid }
            advance()
            switch w {
            case "order":
                try expect("by")
                repeat { try orderItem() } while accept(symbol: ",")
            case "limit", "size":
                try integer()
            case "page":
                try integer()
                if accept(symbol: "..") { try integer() }
            case "format":
                if atEnd {
                    offer(.formats)
                    throw .reached
                }
                switch current.kind {
                case .word, .string: advance()
                default: throw .invalid
                }
            default:  // into
                if atEnd {
                    offer(.paths)
                    throw .reached
                }
                guard case .string = current.kind else { throw .invalid }
                advance()
            }
        }
    }

    /// orderItem := key [`asc` | `desc`] [`nulls` (`first` | `last`)]
    mutating func orderItem() throws(Stop) {
        // A count/stats result, or rows with a select list, is sorted by its output columns.
        _ = try operand(outputColumns == nil ? .fields : .columns)
        if !accept("desc") { _ = accept("asc") }
        if accept("nulls") {
            if !accept("first"), !accept("last") { throw stop }
        }
    }
}
