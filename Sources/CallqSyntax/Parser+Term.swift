// Grammar rules for value expressions (SPEC §9.1): `+ -` < `* /` < unary `-`
// < atoms (literals, `( … )`, calls, fields). Calls take terms as arguments,
// except the condition of countif/sumif/avgif, which is a where-expression.

extension Parser {
    /// term := product ((`+` | `-`) product)*
    mutating func valueTerm() throws(Diagnostic) -> Term {
        var t = try product()
        while current.isSymbol("+") || current.isSymbol("-") {
            let op = advance()
            try countOperator()
            let r = try product()
            t = Term(.binary(t, op.isSymbol("+") ? .add : .subtract, r), t.range.union(r.range))
        }
        return t
    }

    /// product := unary ((`*` | `/`) unary)*
    mutating func product() throws(Diagnostic) -> Term {
        var t = try unaryTerm()
        while current.isSymbol("*") || current.isSymbol("/") {
            let op = advance()
            try countOperator()
            let r = try unaryTerm()
            t = Term(.binary(t, op.isSymbol("*") ? .multiply : .divide, r), t.range.union(r.range))
        }
        return t
    }

    /// unary := `-` unary | atom   — `-` before a number literal makes a negative literal.
    mutating func unaryTerm() throws(Diagnostic) -> Term {
        guard let minus = accept(symbol: "-") else { return try atomTerm() }
        try enter()
        defer { depth -= 1 }
        let x = try unaryTerm()
        let r = minus.range.union(x.range)
        if case .literal(let v) = x.kind {
            switch v.kind {
            case .integer(let n): return Term(.literal(Value(.integer(-n), r)), r)
            case .decimal(let d, let text): return Term(.literal(Value(.decimal(-d, text: "-" + text), r)), r)
            case .duration(let s, let text): return Term(.literal(Value(.duration(seconds: -s, text: "-" + text), r)), r)
            default: break
            }
        }
        return Term(.negate(x), r)
    }

    /// atom := `(` term `)` | NUMBER | DECIMAL | DURATION | STRING | `$`VARIABLE
    ///       | `true` | `false` | `null` | `now` | `today` | NAME `(` arguments `)` | fieldRef
    mutating func atomTerm() throws(Diagnostic) -> Term {
        let t = current
        switch t.kind {
        case .symbol("("):
            try enter()
            defer { depth -= 1 }
            _ = advance()
            let inner = try valueTerm()
            guard accept(symbol: ")") != nil else {
                throw unexpected("expected `)` to close the `(` at \(t.range.start)")
            }
            return Term(inner.kind, t.range.union(previous.range))
        case .integer(let n): _ = advance(); return Term(.literal(Value(.integer(n), t.range)), t.range)
        case .decimal(let d, let text): _ = advance(); return Term(.literal(Value(.decimal(d, text: text), t.range)), t.range)
        case .duration(let s, let text):
            _ = advance(); return Term(.literal(Value(.duration(seconds: s, text: text), t.range)), t.range)
        case .string(let s): _ = advance(); return Term(.literal(Value(.string(s), t.range)), t.range)
        case .variable(let v): _ = advance(); return Term(.literal(Value(.variable(v), t.range)), t.range)
        case .word(let w):
            if tokens[index + 1].isSymbol("(") { return try call() }
            switch w.lowercased() {
            case "true": _ = advance(); return Term(.literal(Value(.bool(true), t.range)), t.range)
            case "false": _ = advance(); return Term(.literal(Value(.bool(false), t.range)), t.range)
            case "null": _ = advance(); return Term(.literal(Value(.null, t.range)), t.range)
            case "now": _ = advance(); return Term(.literal(Value(.now, t.range)), t.range)
            case "today": _ = advance(); return Term(.literal(Value(.today, t.range)), t.range)
            default: return Term(try fieldRef())
            }
        default:
            noteNames()
            var d = unexpected("expected a field or a value, found \(current.display)")
            if d.hint == nil { d.hint = "write a field (duration), a number, a function like hour(started), or ( … )" }
            throw d
        }
    }

    /// call := NAME `(` [argument (`,` argument)*] `)`
    mutating func call() throws(Diagnostic) -> Term {
        let nameToken = advance()
        guard case .word(let w) = nameToken.kind else { throw unexpected("expected a function name") }
        let name = Name(w, nameToken.range)
        try enter()
        defer { depth -= 1 }
        _ = try expect(symbol: "(", context: "after `\(w)`")
        try refuseStar(in: w)
        var args: [CallArgument] = []
        let conditionAt = LanguageCatalog.function(named: w)?.conditionArgument
        if !current.isSymbol(")") {
            // An aggregate's arguments are read from the record: fields and functions.
            let inner: ExpectedNames = names == .aggregates ? .fields : names
            try reading(inner) { p throws(Diagnostic) in
                repeat {
                    if args.count == conditionAt {
                        args.append(.condition(try p.reading(.fields) { q throws(Diagnostic) in try q.expression() }))
                    } else {
                        args.append(.term(try p.valueTerm()))
                    }
                } while p.accept(symbol: ",") != nil
            }
        }
        if !current.isSymbol(")"), let hint = distinctArgumentHint(function: w, arguments: args) {
            var d = unexpected("expected `)` to close `\(w)(`")
            d.hint = hint
            throw d
        }
        _ = try expect(symbol: ")", context: "to close `\(w)(`")
        return Term(.call(name, args), nameToken.range.union(previous.range))
    }

    /// termList := term (`,` term)*
    mutating func termList() throws(Diagnostic) -> [Term] {
        var out: [Term] = []
        repeat { out.append(try valueTerm()) } while accept(symbol: ",") != nil
        return out
    }
}
