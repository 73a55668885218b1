// Grammar rules for statements (§3.1): statement, useTask, set, let, help.

extension Parser {
    /// statement := (explain? query | use | set | let | tasks | ping | help) `;`?
    public mutating func parseStatementToEnd() throws(Diagnostic) -> Statement {
        let s = try statement()
        try expectEnd()
        return s
    }

    /// statement := `explain` query | query | `use` `task` … | `set` … | `let` … | `tasks` … | `ping` | `help` [topic]
    mutating func statement() throws(Diagnostic) -> Statement {
        let start = current.range
        switch current.word {
        case "orders", "order", "tasks", "calls":
            return Statement(.query(try query()), range(from: start))
        case "explain":
            _ = advance()
            if !current.isWord("orders") && !current.isWord("tasks") && !current.isWord("calls") {
                for w in ["orders", "tasks", "calls"] { note(.word(w)) }
                throw unexpected(
                    "expected a query (`orders …`, `calls …` or `tasks …`) after `explain`", suggest: ["orders", "calls"])
            }
            return Statement(.explain(try query()), range(from: start))
        case "use":
            _ = advance()
            if accept(word: "task") == nil, acceptQuietly(word: "tasks") == nil {
                throw unexpected("expected `task` after `use`", suggest: ["task"])
            }
            return Statement(.useTask(try stringList(what: "a task id")), range(from: start))
        case "set": return try setStatement()
        case "let": return try letStatement()
        case "sync":
            _ = advance()
            var tasks: [StringLiteral] = []
            if accept(word: "task") != nil || acceptQuietly(word: "tasks") != nil { tasks = try stringList(what: "a task id") }
            let full = accept(word: "full") != nil
            return Statement(.sync(tasks: tasks, full: full), range(from: start))
        case "mirrors":
            _ = advance()
            return Statement(.mirrors, range(from: start))
        case "ping":
            _ = advance()
            return Statement(.ping, range(from: start))
        case "watch": return try watchStatement()
        case "help":
            _ = advance()
            var topic: Name?
            note(.helpTopics)
            if case .word(let w) = current.kind {
                topic = Name(w, advance().range)
            } else if case .string(let s) = current.kind {
                topic = Name(s, advance().range)
            }
            return Statement(.help(topic: topic), range(from: start))
        default:
            for w in LanguageCatalog.statementWords { note(.word(w)) }
            if atEnd { throw Diagnostic(.unknownStatement, "empty statement", at: current.range, hint: "try `help`") }
            throw Diagnostic(
                .unknownStatement, "expected a statement, found \(current.display)", at: current.range,
                hint: current.word.flatMap(Parser.statementHabit)
                    ?? current.word.flatMap { EditDistance.suggest($0, among: LanguageCatalog.statementWords) }
                    .map { "did you mean `\($0)`?" }
                    ?? "statements start with orders, calls, tasks, explain, use, set, let, sync, mirrors, watch, ping or help")
        }
    }

    /// set := `set` NAME `=`? value
    mutating func setStatement() throws(Diagnostic) -> Statement {
        let start = advance().range
        note(.settings)
        let name = try nameToken(what: "a setting name")
        _ = accept(symbol: "=")
        note(.settingValues(name.text))
        var v = try value(after: previous)
        if case .name(let first) = v.kind, current.isSymbol("/") {
            v = try zonePath(first, v.range)
        }
        return Statement(.set(name: name, value: v), range(from: start))
    }

    /// `set tz = Asia/Jakarta`: an unquoted zone name, read as the text
    /// `'Asia/Jakarta'` when its words and slashes touch (no spaces between).
    mutating func zonePath(_ first: String, _ range: SourceRange) throws(Diagnostic) -> Value {
        var text = first, whole = range
        while current.isSymbol("/"), current.range.start.offset == whole.end.offset {
            let slash = advance()
            note(.zonePath(text + "/"))
            guard case .word(let w) = current.kind, current.range.start.offset == slash.range.end.offset else {
                throw Diagnostic(
                    .unexpectedToken, "expected a zone name after `\(text)/`", at: current.range,
                    hint: "quote it: '\(text)/…'")
            }
            text += "/" + w
            whole = whole.union(advance().range)
        }
        return Value(.string(text), whole)
    }

    /// let := `let` NAME `=` ( `(` expression `)` | value )
    mutating func letStatement() throws(Diagnostic) -> Statement {
        let start = advance().range
        let name = try nameToken(what: "a variable name")
        _ = try expect(symbol: "=", context: "after the variable name")
        if accept(symbol: "(") != nil {
            let e = try expression()
            _ = try expect(symbol: ")", context: "to close the expression")
            return Statement(.letExpr(name: name, expr: e), range(from: start))
        }
        return Statement(.letValue(name: name, value: try value(after: previous)), range(from: start))
    }

    /// stringList := taskID (`,` taskID)*   taskID := STRING | `$`VARIABLE (a task id held by a variable)
    mutating func stringList(what: String) throws(Diagnostic) -> [StringLiteral] {
        var out: [StringLiteral] = []
        repeat {
            note(.taskIDs)
            if case .variable(let v) = current.kind {
                out.append(StringLiteral(variable: v, advance().range))
                continue
            }
            guard case .string(let s) = current.kind else {
                var d = unexpected("expected \(what) in quotes, found \(current.display)")
                if case .word(let w) = current.kind { d.hint = "quote it: '\(w)'" }
                throw d
            }
            out.append(StringLiteral(s, advance().range))
        } while accept(symbol: ",") != nil
        return out
    }

    /// A plain name (setting, variable, alias).
    mutating func nameToken(what: String) throws(Diagnostic) -> Name {
        guard case .word(let w) = current.kind else { throw unexpected("expected \(what), found \(current.display)") }
        return Name(w, advance().range)
    }
}
