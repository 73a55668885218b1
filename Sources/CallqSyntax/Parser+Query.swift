// Grammar rules for queries (§3.2): source, where, select/count/stats,
// order by, limit, page, size, format, into.

extension Parser {
    /// query := (`orders` source? | `calls` callsSource? | `tasks`) (`where` expression)? output? tail*
    mutating func query() throws(Diagnostic) -> Query {
        let start = current.range
        var q: Query
        if accept(word: "tasks") != nil {
            scope = .tasks
            q = Query(source: .taskList)
        } else if current.isWord("calls") {
            scope = .calls
            q = try callsHead()
        } else {
            scope = .orders
            _ = try expect(word: "orders", context: "to start a query")
            q = Query(source: try source())
        }
        if accept(word: "where") != nil { q.filter = try expression() }
        q.output = try output()
        let groups: Bool
        switch q.output {
        case .count, .stats: groups = true
        default: groups = false
        }
        if let h = groups ? accept(word: "having") : acceptQuietly(word: "having") {
            switch q.output {
            case .count, .stats: q.having = try reading(.columns(q.output)) { p throws(Diagnostic) in try p.expression() }
            default:
                throw Diagnostic(
                    .invalidClause, "`having` follows `count …` or `stats …`", at: h.range,
                    hint: "filter orders with `where`; `having` filters groups")
            }
        }
        try queryTail(&q)
        q.range = range(from: start)
        return q
    }

    /// source := `in` `task` stringList | `from` `file` STRING | `from` `stdin`
    ///         | `from` `mirror` [`in` `task` stringList] | ε
    mutating func source() throws(Diagnostic) -> Source {
        if accept(word: "in") != nil {
            if accept(word: "task") == nil, acceptQuietly(word: "tasks") == nil {
                throw unexpected("expected `task` after `orders in`", suggest: ["task"])
            }
            return .api(tasks: try stringList(what: "a task id"))
        }
        if accept(word: "from") != nil {
            // `calls` reads the API or the mirror: a file or stdin is refused after parsing, not offered.
            if (scope == .calls ? acceptQuietly(word: "stdin") : accept(word: "stdin")) != nil { return .stdin }
            if accept(word: "mirror") != nil {
                guard accept(word: "in") != nil else { return .mirror(tasks: []) }
                if accept(word: "task") == nil, acceptQuietly(word: "tasks") == nil {
                    throw unexpected("expected `task` after `from mirror in`", suggest: ["task"])
                }
                return .mirror(tasks: try stringList(what: "a task id"))
            }
            if !current.isWord("file") {
                if scope != .calls { note(.word("file")) }
                throw unexpected("expected `file`, `stdin` or `mirror` after `from`", suggest: ["file", "stdin", "mirror"])
            }
            _ = advance()
            note(.paths)
            guard case .string(let s) = current.kind else {
                throw unexpected("expected a file path in quotes after `from file`, found \(current.display)")
            }
            return .file(StringLiteral(s, advance().range))
        }
        return .api(tasks: [])
    }

    /// output := `select` selectList | `count` [`by` termList] | `stats` aggregate (`,` aggregate)* [`by` termList] | ε
    /// (then `having` expression after count/stats)
    mutating func output() throws(Diagnostic) -> Output {
        if accept(word: "select") != nil {
            if accept(symbol: "*") != nil { return .allFields }
            return .rows(try selectList())
        }
        if accept(word: "count") != nil {
            if accept(symbol: "(") != nil {
                try refuseStar(in: "count")
                _ = try expect(symbol: ")", context: "after `count(`")
            }
            return .count(by: accept(word: "by") != nil ? try termList() : [])
        }
        if accept(word: "stats") != nil {
            var aggs: [Aggregate] = []
            repeat {
                aggs.append(try reading(.aggregates) { p throws(Diagnostic) in try p.aggregate() })
            } while accept(symbol: ",") != nil
            return .stats(aggs, by: accept(word: "by") != nil ? try termList() : [])
        }
        return .rows(nil)
    }

    /// selectList := term [`as` NAME] (`,` term [`as` NAME])*
    mutating func selectList() throws(Diagnostic) -> [SelectItem] {
        var items: [SelectItem] = []
        repeat {
            let t = try valueTerm()
            items.append(SelectItem(term: t, alias: try alias(), range: range(from: t.range)))
        } while accept(symbol: ",") != nil
        return items
    }

    /// alias := `as` (NAME | STRING) | ε
    mutating func alias() throws(Diagnostic) -> Name? {
        guard accept(word: "as") != nil else { return nil }
        if case .string(let s) = current.kind { return Name(s, advance().range) }
        return try nameToken(what: "a column name after `as`")
    }

    /// aggregate := term [`as` NAME]   — `count()`, `avg(duration)`, `100 * countif(…) / count()`
    mutating func aggregate() throws(Diagnostic) -> Aggregate {
        let start = current.range
        let t = try valueTerm()
        let a = try alias()
        return Aggregate(term: t, alias: a, range: range(from: start))
    }

    /// SQL's `count(*)`: callq counts rows with `count()`.
    mutating func refuseStar(in function: String) throws(Diagnostic) {
        guard current.isSymbol("*") else { return }
        let hint = function.lowercased() == "count" ? "write `count()` to count rows" : "write a field: `\(function)(duration)`"
        throw Diagnostic(.unexpectedToken, "unexpected `*` in `\(function)(`", at: current.range, hint: hint)
    }

    /// tail := `order` `by` orderItem (`,` orderItem)* | `limit` INT | `page` INT [`..` INT] | `size` INT
    ///       | `format` NAME | `into` STRING — each at most once, in any order.
    mutating func queryTail(_ q: inout Query) throws(Diagnostic) {
        var seen = Set<String>()
        // The task list is read whole (listTask pages are the engine's business): no page or size.
        let tailWords =
            scope == .tasks
            ? LanguageCatalog.tailClauses.filter { $0 != "page" && $0 != "size" }
            : LanguageCatalog.tailClauses
        while true {
            for w in tailWords where !seen.contains(w) { note(.word(w)) }
            if scope == .tasks, let w = current.word, w == "page" || w == "size" {
                throw Diagnostic(
                    .invalidClause, "`tasks` takes no `\(w)`: it lists every task of the account", at: current.range,
                    hint: "keep the first rows with `limit N`")
            }
            guard let w = current.word, tailWords.contains(w) else { break }
            let t = advance()
            if !seen.insert(w).inserted {
                throw Diagnostic(.invalidClause, "`\(w)` appears twice", at: t.range, hint: "give each clause once")
            }
            switch w {
            case "order":
                _ = try expect(word: "by", context: "after `order`")
                // A count/stats result sorts on its output columns; rows on any field, and on the select list's columns.
                let keys: ExpectedNames
                switch q.output {
                case .rows(let items?) where !items.isEmpty: keys = .columnsAndFields(q.output)
                case .rows, .allFields: keys = .fields
                case .count, .stats: keys = .columns(q.output)
                }
                repeat {
                    q.orderBy.append(try reading(keys) { p throws(Diagnostic) in try p.orderItem() })
                } while accept(symbol: ",") != nil
            case "limit": q.limit = try intLiteral(after: t)
            case "size": q.size = try intLiteral(after: t)
            case "page":
                let first = try intLiteral(after: t)
                var last: IntLiteral?
                if let dots = accept(symbol: "..") { last = try intLiteral(after: dots) }
                q.page = PageRange(first: first, last: last)
            case "format":
                note(.formats)
                if case .string(let s) = current.kind {
                    q.format = Name(s, advance().range)
                } else {
                    q.format = try nameToken(what: "a format name (help formats)")
                }
            default:
                note(.paths)
                guard case .string(let s) = current.kind else {
                    throw unexpected("expected a file path in quotes after `into`, found \(current.display)")
                }
                q.into = StringLiteral(s, advance().range)
            }
        }
    }

    /// orderItem := term [`asc` | `desc`] [`nulls` (`first` | `last`)]
    mutating func orderItem() throws(Diagnostic) -> OrderItem {
        let f = try valueTerm()
        var desc = false
        if accept(word: "desc") != nil { desc = true } else { _ = accept(word: "asc") }
        var nullsFirst: Bool?
        if let nulls = accept(word: "nulls") {
            if accept(word: "first") != nil {
                nullsFirst = true
            } else if accept(word: "last") != nil {
                nullsFirst = false
            } else {
                throw unexpected("expected `first` or `last` after \(nulls.display)", suggest: ["first", "last"])
            }
        }
        return OrderItem(term: f, descending: desc, nullsFirst: nullsFirst, range: range(from: f.range))
    }

    /// A non-negative integer after a clause keyword.
    mutating func intLiteral(after t: Token) throws(Diagnostic) -> IntLiteral {
        guard case .integer(let n) = current.kind else {
            throw unexpected("expected a number after \(t.display), found \(current.display)")
        }
        return IntLiteral(n, advance().range)
    }
}
