// Grammar rules for expressions and values (§3.3):
// `or` < `and` < `not` < comparison; parentheses group.

extension Parser {
    /// expression := andExpr (`or` andExpr)*
    mutating func expression() throws(Diagnostic) -> Expr {
        var e = try andExpr()
        while accept(word: "or") != nil {
            try countOperator()
            let r = try andExpr()
            e = Expr(.or(e, r), e.range.union(r.range))
        }
        return e
    }

    /// andExpr := notExpr (`and` notExpr)*
    mutating func andExpr() throws(Diagnostic) -> Expr {
        var e = try notExpr()
        while accept(word: "and") != nil {
            try countOperator()
            let r = try notExpr()
            e = Expr(.and(e, r), e.range.union(r.range))
        }
        return e
    }

    /// notExpr := `not` notExpr | primary
    mutating func notExpr() throws(Diagnostic) -> Expr {
        try enter()
        defer { depth -= 1 }
        if let t = accept(word: "not") {
            let e = try notExpr()
            return Expr(.not(e), t.range.union(e.range))
        }
        return try primary()
    }

    mutating func countOperator() throws(Diagnostic) {
        operators += 1
        if operators > Parser.maxOperators {
            throw Diagnostic(
                .tooDeep, "expression too long (more than \(Parser.maxOperators) operators)",
                at: previous.range, hint: "use `in (…)` instead of a long chain of `or`")
        }
    }

    mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > Parser.maxDepth {
            throw Diagnostic(
                .tooDeep, "expression nested too deeply (more than \(Parser.maxDepth) levels)",
                at: current.range, hint: "simplify the expression")
        }
    }

    /// primary := `(` expression `)` | `$`VARIABLE | predicate
    /// A `(` may also open the left side of a test (`(duration + 30) / 60 > 2`): when it does not
    /// read as a condition, it is read again as an expression.
    mutating func primary() throws(Diagnostic) -> Expr {
        if current.isSymbol("(") {
            let saved = (index, depth, operators)
            let open = advance()
            do throws(Diagnostic) {
                let e = try expression()
                guard accept(symbol: ")") != nil else {
                    throw unexpected("expected `)` to close the `(` at \(open.range.start)")
                }
                if !current.isSymbol("+") && !current.isSymbol("-") && !current.isSymbol("*") && !current.isSymbol("/") {
                    return Expr(e.kind, open.range.union(previous.range))
                }
                throw unexpected("a condition cannot be computed with")
            } catch {
                let first = error
                (index, depth, operators) = saved
                do throws(Diagnostic) {
                    return try predicate()
                } catch {
                    throw error.range.start.offset >= first.range.start.offset ? error : first
                }
            }
        }
        if case .variable(let v) = current.kind {
            let t = advance()
            return Expr(.variable(Name(v, t.range)), t.range)
        }
        return try predicate()
    }

    /// predicate := term ( compareOp value | [`not`] `in` `(` value (`,` value)* `)`
    ///            | `between` value `and` value | [`not`] `like` value | `is` [`not`] (`null` | `empty`) )
    /// A plain field on the left gives the field tests of §3.3; any other term a `.computed` test.
    mutating func predicate() throws(Diagnostic) -> Expr {
        let first = current
        let left = try valueTerm()
        if case .literal = left.kind {
            // A test compares something read from the order: a literal on the left is a slip.
            var d = Diagnostic(.unexpectedToken, "expected a field name, found \(first.display)", at: first.range)
            if case .string = first.kind { d.hint = "field names are not quoted" }
            throw d
        }
        let r = left.range
        let text = left.field?.text ?? Printer.print(left)
        let opToken = current
        var p: TermPredicate?
        var empty: Bool?
        if atEnd, expected != nil {
            // Completion: the operators that suit this left side (the checker's types pick them).
            note(.operators(left, scope))
            throw missingOperator(after: text)
        }
        if case .symbol(let s) = current.kind, let op = CompareOp(rawValue: s) {
            _ = advance()
            if op != .match { note(.values(left, scope)) }
            p = .compare(op, try value(after: opToken))
        } else {
            var negated = false
            if acceptQuietly(word: "not") != nil {
                negated = true
                note(.negatedOperators(left, scope))
            }
            if let inTok = acceptQuietly(word: "in") {
                _ = try expect(symbol: "(", context: "after `in`")
                var values: [Value] = []
                if !current.isSymbol(")") {
                    repeat {
                        note(.values(left, scope))
                        values.append(try value(after: values.isEmpty ? inTok : previous))
                    } while accept(symbol: ",") != nil
                }
                _ = try expect(symbol: ")", context: "to close the `in` list")
                p = .inList(values, negated: negated)
            } else if let likeTok = acceptQuietly(word: "like") {
                p = .like(try value(after: likeTok), negated: negated)
            } else if negated {
                throw unexpected("expected `in` or `like` after `not`", suggest: ["in", "like"])
            } else if let b = acceptQuietly(word: "between") {
                note(.values(left, scope))
                let lo = try value(after: b)
                let andTok = try expect(word: "and", context: "between the two bounds of `between`")
                note(.values(left, scope))
                p = .between(lo, try value(after: andTok))
            } else if acceptQuietly(word: "is") != nil {
                let neg = accept(word: "not") != nil
                if accept(word: "null") != nil {
                    p = .isNull(negated: neg)
                }
                // `is empty` tests a multi-valued field, so it is offered after a field only.
                else if (left.field != nil ? accept(word: "empty") : acceptQuietly(word: "empty")) != nil {
                    empty = neg
                } else {
                    throw unexpected("expected `null` or `empty` after `is\(neg ? " not" : "")`", suggest: ["null", "empty"])
                }
            }
        }
        let whole = range(from: r)
        guard let f = left.field else {
            if empty != nil {
                throw Diagnostic(
                    .invalidClause, "`is empty` tests a multi-valued field, not `\(text)`", at: whole,
                    hint: "write `\(text) is null`")
            }
            guard let p else { throw missingOperator(after: text) }
            return Expr(.computed(left, p), whole)
        }
        if let neg = empty { return Expr(.isEmpty(f, negated: neg), whole) }
        switch p {
        case .compare(let op, let v)?: return Expr(.compare(f, op, v), whole)
        case .inList(let vs, let neg)?: return Expr(.inList(f, vs, negated: neg), whole)
        case .between(let lo, let hi)?: return Expr(.between(f, lo, hi), whole)
        case .like(let v, let neg)?: return Expr(.like(f, v, negated: neg), whole)
        case .isNull(let neg)?: return Expr(.isNull(f, negated: neg), whole)
        case nil: throw missingOperator(after: text)
        }
    }

    func missingOperator(after text: String) -> Diagnostic {
        var d = unexpected(
            "expected an operator after `\(text)`, found \(current.display)",
            suggest: ["in", "like", "between", "is", "not"])
        if d.hint == nil { d.hint = "operators are = != < <= > >= ~ in, not in, between, like, not like, is null, is empty" }
        return d
    }

    /// fieldRef := NAME [`.` (NAME | STRING)]     — e.g. `status`, `param.city`
    mutating func fieldRef() throws(Diagnostic) -> FieldRef {
        guard case .word(let w) = current.kind else {
            var d = unexpected("expected a field name, found \(current.display)")
            if case .string = current.kind { d.hint = "field names are not quoted" }
            throw d
        }
        if LanguageCatalog.reservedNames.contains(w.lowercased()) {
            throw unexpected("expected a field name, found the keyword \(current.display)")
        }
        let t = advance()
        if current.isSymbol("."), current.range.start.offset == t.range.end.offset {
            _ = advance()
            switch current.kind {
            case .word(let p), .string(let p):
                _ = advance()
                return FieldRef(w, parameter: p, range: t.range.union(previous.range))
            case .integer(let n):
                _ = advance()
                return FieldRef(w, parameter: String(n), range: t.range.union(previous.range))
            default:
                throw unexpected("expected a parameter name after `\(w).`")
            }
        }
        return FieldRef(w, range: t.range)
    }

    /// value := term ((`+` | `-`) term)*
    mutating func value(after op: Token?) throws(Diagnostic) -> Value {
        var v = try term(after: op)
        while current.isSymbol("+") || current.isSymbol("-") {
            let t = advance()
            try countOperator()
            let r = try term(after: t)
            v = Value(.offset(v, plus: t.isSymbol("+"), r), v.range.union(r.range))
        }
        return v
    }

    /// term := INTEGER | DECIMAL | `-` INTEGER | `-` DECIMAL | `-` DURATION | STRING | DURATION | `true` | `false` | `null`
    ///       | `now` | `today` | NAME | `$`VARIABLE
    mutating func term(after op: Token?) throws(Diagnostic) -> Value {
        let t = current
        switch t.kind {
        case .integer(let n): _ = advance(); return Value(.integer(n), t.range)
        case .decimal(let d, let text): _ = advance(); return Value(.decimal(d, text: text), t.range)
        case .duration(let s, let text): _ = advance(); return Value(.duration(seconds: s, text: text), t.range)
        case .string(let s): _ = advance(); return Value(.string(s), t.range)
        case .variable(let v): _ = advance(); return Value(.variable(v), t.range)
        case .symbol("-"):
            _ = advance()
            switch current.kind {
            case .integer(let n): return Value(.integer(-n), t.range.union(advance().range))
            case .decimal(let d, let text): return Value(.decimal(-d, text: "-" + text), t.range.union(advance().range))
            case .duration(let s, let text):
                return Value(.duration(seconds: -s, text: "-" + text), t.range.union(advance().range))
            default: throw unexpected("expected a number after `-`, found \(current.display)")
            }
        case .word(let w):
            let lw = w.lowercased()
            if LanguageCatalog.nonValues.contains(lw), op != nil {
                throw missingValue(after: op)
            }
            _ = advance()
            switch lw {
            case "true": return Value(.bool(true), t.range)
            case "false": return Value(.bool(false), t.range)
            case "null": return Value(.null, t.range)
            case "now": return Value(.now, t.range)
            case "today": return Value(.today, t.range)
            default: return Value(.name(w), t.range)
            }
        default:
            throw missingValue(after: op)
        }
    }

    func missingValue(after op: Token?) -> Diagnostic {
        let what = op.map { "expected a value after \($0.display)" } ?? "expected a value"
        return Diagnostic(
            .missingValue, "\(what), found \(current.display)", at: current.range,
            hint: "values are numbers (30), 'text', durations (90s), times ('2024-11-24'), now, today, enum names or $variables")
    }
}
