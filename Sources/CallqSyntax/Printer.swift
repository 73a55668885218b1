// Prints syntax trees back as callq text, with only the parentheses that
// precedence needs. Parsing the printed text gives an equal tree (the
// round-trip tests pin this); explain uses it to show residual filters.

/// Turns AST nodes back into callq source text.
public enum Printer {
    /// The statement as callq text.
    public static func print(_ s: Statement) -> String {
        switch s.kind {
        case .query(let q): return print(q)
        case .explain(let q): return "explain " + print(q)
        case .useTask(let ids): return "use task " + ids.map(taskID).joined(separator: ", ")
        case .set(let n, let v): return "set \(n.text) = \(print(v))"
        case .letValue(let n, let v): return "let \(n.text) = \(print(v))"
        case .letExpr(let n, let e): return "let \(n.text) = (\(print(e)))"
        case .sync(let tasks, let full):
            return "sync" + (tasks.isEmpty ? "" : " task " + tasks.map(taskID).joined(separator: ", "))
                + (full ? " full" : "")
        case .mirrors: return "mirrors"
        case .ping: return "ping"
        case .help(let topic): return topic.map { "help " + name($0.text) } ?? "help"
        case .watch(let w, let q): return "watch " + print(w) + print(q)
        }
    }

    /// The query as callq text, clauses in canonical order.
    public static func print(_ q: Query) -> String {
        var out = q.source == .taskList ? "tasks" : q.unit.rawValue
        switch q.source {
        case .api(let tasks) where !tasks.isEmpty: out += " in task " + tasks.map(taskID).joined(separator: ", ")
        case .api: break
        case .file(let p): out += " from file " + quote(p.value)
        case .stdin: out += " from stdin"
        case .mirror(let tasks):
            out += " from mirror" + (tasks.isEmpty ? "" : " in task " + tasks.map(taskID).joined(separator: ", "))
        case .taskList: break
        }
        if let f = q.filter { out += " where " + print(f) }
        switch q.output {
        case .rows(nil): break
        case .allFields: out += " select *"
        case .rows(let items?): out += " select " + items.map(print).joined(separator: ", ")
        case .count(let by): out += " count" + byList(by)
        case .stats(let aggs, let by):
            out +=
                " stats "
                + aggs.map { a in
                    print(a.term) + (a.alias.map { " as " + name($0.text) } ?? "")
                }.joined(separator: ", ") + byList(by)
        }
        if let h = q.having { out += " having " + print(h) }
        if !q.orderBy.isEmpty {
            out +=
                " order by "
                + q.orderBy.map {
                    print($0.term) + ($0.descending ? " desc" : "")
                        + ($0.nullsFirst.map { $0 ? " nulls first" : " nulls last" } ?? "")
                }.joined(separator: ", ")
        }
        if let l = q.limit { out += " limit \(l.value)" }
        if let p = q.page { out += " page \(p.first.value)" + (p.last.map { "..\($0.value)" } ?? "") }
        if let s = q.size { out += " size \(s.value)" }
        if let f = q.format { out += " format " + name(f.text) }
        if let i = q.into { out += " into " + quote(i.value) }
        return out
    }

    static func byList(_ by: [Term]) -> String {
        by.isEmpty ? "" : " by " + by.map { print($0) }.joined(separator: ", ")
    }

    static func print(_ item: SelectItem) -> String {
        print(item.term) + (item.alias.map { " as " + name($0.text) } ?? "")
    }

    /// Binding strength: or 1, and 2, not 3, predicates 4.
    static func precedence(_ e: Expr) -> Int {
        switch e.kind {
        case .or: return 1
        case .and: return 2
        case .not: return 3
        default: return 4
        }
    }

    static func wrap(_ e: Expr, atLeast p: Int) -> String {
        precedence(e) >= p ? print(e) : "(" + print(e) + ")"
    }

    /// The expression as callq text.
    public static func print(_ e: Expr) -> String {
        switch e.kind {
        case .or, .and:
            // Walk the left spine of a chain iteratively (long chains stay shallow on the stack).
            let isAnd: Bool = if case .and = e.kind { true } else { false }
            var rights: [Expr] = []
            var cur = e
            while true {
                if isAnd, case .and(let l, let r) = cur.kind { rights.append(r); cur = l; continue }
                if !isAnd, case .or(let l, let r) = cur.kind { rights.append(r); cur = l; continue }
                break
            }
            let p = isAnd ? 2 : 1
            return ([wrap(cur, atLeast: p)] + rights.reversed().map { wrap($0, atLeast: p + 1) })
                .joined(separator: isAnd ? " and " : " or ")
        case .not(let a): return "not " + wrap(a, atLeast: 3)
        case .compare(let f, let op, let v): return "\(f.text) \(op.rawValue) \(print(v))"
        case .inList(let f, let vs, let neg):
            return "\(f.text)\(neg ? " not" : "") in (" + vs.map(print).joined(separator: ", ") + ")"
        case .between(let f, let lo, let hi): return "\(f.text) between \(print(lo)) and \(print(hi))"
        case .like(let f, let v, let neg): return "\(f.text)\(neg ? " not" : "") like \(print(v))"
        case .isNull(let f, let neg): return "\(f.text) is \(neg ? "not " : "")null"
        case .isEmpty(let f, let neg): return "\(f.text) is \(neg ? "not " : "")empty"
        case .variable(let n): return "$" + n.text
        case .computed(let t, let p):
            let l = print(t)
            switch p {
            case .compare(let op, let v): return "\(l) \(op.rawValue) \(print(v))"
            case .inList(let vs, let neg): return "\(l)\(neg ? " not" : "") in (" + vs.map(print).joined(separator: ", ") + ")"
            case .between(let lo, let hi): return "\(l) between \(print(lo)) and \(print(hi))"
            case .like(let v, let neg): return "\(l)\(neg ? " not" : "") like \(print(v))"
            case .isNull(let neg): return "\(l) is \(neg ? "not " : "")null"
            }
        }
    }

    /// Binding strength of a term: `+ -` 1, `* /` 2, unary `-` 3, atoms 4.
    static func precedence(_ t: Term) -> Int {
        switch t.kind {
        case .binary(_, let op, _): return op == .add || op == .subtract ? 1 : 2
        case .negate: return 3
        case .literal(let v):
            switch v.kind {
            case .integer(let n) where n < 0: return 3
            case .decimal(let d, _) where d < 0 || d.sign == .minus: return 3
            case .duration(let s, _) where s < 0: return 3
            default: return 4
            }
        default: return 4
        }
    }

    static func wrap(_ t: Term, atLeast p: Int) -> String {
        precedence(t) >= p ? print(t) : "(" + print(t) + ")"
    }

    /// The value expression as callq text: `hour(started)`, `100 * countif(status = completed) / count()`.
    /// A column computed by a term is named by this text.
    public static func print(_ t: Term) -> String {
        switch t.kind {
        case .field(let f): return f.text
        case .literal(let v): return print(v)
        case .negate(let x): return "-" + wrap(x, atLeast: 4)
        case .binary(let l, let op, let r):
            let p = op == .add || op == .subtract ? 1 : 2
            return wrap(l, atLeast: p) + " \(op.rawValue) " + wrap(r, atLeast: p + 1)
        case .call(let n, let args):
            return n.text + "("
                + args.map { a in
                    switch a {
                    case .term(let x): print(x)
                    case .condition(let e): print(e)
                    }
                }.joined(separator: ", ") + ")"
        }
    }

    /// The value as callq text.
    public static func print(_ v: Value) -> String {
        switch v.kind {
        case .integer(let n): return String(n)
        case .decimal(_, let text): return text
        case .string(let s): return quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .duration(_, let text): return text
        case .now: return "now"
        case .today: return "today"
        case .name(let n): return n
        case .variable(let n): return "$" + n
        case .offset:
            var tail = ""
            var cur = v
            while case .offset(let a, let plus, let b) = cur.kind {
                tail = (plus ? " + " : " - ") + print(b) + tail
                cur = a
            }
            return print(cur) + tail
        }
    }

    /// A single-quoted string literal with escapes.
    public static func quote(_ s: String) -> String { "'" + escape(s) + "'" }

    /// A task id as written: quoted, or the `$variable` standing for it.
    static func taskID(_ s: StringLiteral) -> String { s.variable.map { "$" + $0 } ?? quote(s.value) }

    /// Escapes `\`, `'` and control characters for a single-quoted literal.
    /// A `\%` or `\_` (a like-pattern escape) is kept as written.
    /// Works on scalars, not characters: a quote or backslash followed by a combining mark is
    /// one Character (`'\u{301}`) but must still be escaped.
    public static func escape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "'": out.append(contentsOf: "\\'".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\0": out.append(contentsOf: "\\0".unicodeScalars)
            default: out.append(c)
            }
        }
        return String(out)
    }

    /// A name as a bare word when it is one, else quoted.
    static func name(_ s: String) -> String {
        let ok = !s.isEmpty && s.utf8.allSatisfy { Lexer.isWordChar($0) } && !Lexer.isDigit(s.utf8.first!)
        return ok ? s : quote(s)
    }
}
