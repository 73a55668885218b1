// Checking conditions: `and`, `or` and `not` over predicates (Checker+Predicate),
// and `$variables` substituted at their use with bounds on depth, nesting and
// expansion. The recursion stays lean so deep conditions fit a small stack.

import CallqSyntax

extension Checker {
    /// Checks an expression; `topLevel` is true for conjuncts of the top-level `and`.
    mutating func checkExpr(_ e: Expr, topLevel: Bool) throws(Diagnostic) -> CheckedExpr {
        // The parser bounds nesting within a statement; variables inside variables add theirs up.
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Checker.maxNesting else {
            throw Diagnostic(
                .tooDeep,
                "condition nested too deeply once variables are substituted "
                    + "(more than \(Checker.maxNesting) levels)", at: e.range, hint: "simplify the variables' conditions")
        }
        switch e.kind {
        case .and:
            // Chains are walked along their left spine, so a long `a and b and …` does not recurse deeply.
            if gathered != nil, nesting <= Checker.gatheringDepth {
                return try checkPartsGathering(e, and: true, topLevel: topLevel)
            }
            var parts: [CheckedExpr] = []
            for x in Checker.spine(e, and: true) { parts += try checkExpr(x, topLevel: topLevel).conjuncts }
            return .and(parts)
        case .or:
            if gathered != nil, nesting <= Checker.gatheringDepth {
                return try checkPartsGathering(e, and: false, topLevel: false)
            }
            var parts: [CheckedExpr] = []
            for x in Checker.spine(e, and: false) {
                let c = try checkExpr(x, topLevel: false)
                if case .or(let xs) = c { parts += xs } else { parts.append(c) }
            }
            return .or(parts)
        case .not(let a):
            return .not(try checkExpr(a, topLevel: false))
        case .variable(let n):
            return try checkVariable(n, topLevel: topLevel)
        default:
            return try checkPredicate(e, topLevel: topLevel)
        }
    }

    /// `$name` holding a condition: checked in place of the variable.
    mutating func checkVariable(_ n: Name, topLevel: Bool) throws(Diagnostic) -> CheckedExpr {
        guard let v = context.variables[n.text] else { throw unknownVariable(n.text, at: n.range) }
        var inner: Expr
        switch v {
        case .expr(let x): inner = x
        case .text(let t):
            do { inner = try Parser.parseExpression(t) } catch {
                throw Diagnostic(.typeMismatch, "`$\(n.text)` holds `\(t)`, which is not a condition", at: n.range)
            }
        case .value(let v):
            throw Diagnostic(
                .typeMismatch, "`$\(n.text)` holds a value (\(Printer.print(v))), not a condition",
                at: n.range, hint: "compare a field with it: `duration > $\(n.text)`")
        }
        return try substituting(n.text, at: n.range) { (c: inout Checker) throws(Diagnostic) in
            try c.checkExpr(inner, topLevel: topLevel)
        }
    }

    /// The operands of a left-nested chain of `and` (or `or`), in source order.
    static func spine(_ e: Expr, and: Bool) -> [Expr] {
        var rights: [Expr] = []
        var cur = e
        while true {
            switch cur.kind {
            case .and(let l, let r) where and: rights.append(r); cur = l
            case .or(let l, let r) where !and: rights.append(r); cur = l
            default: return [cur] + rights.reversed()
            }
        }
    }

    func unknownVariable(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .unknownVariable, "unknown variable `$\(name)`", at: range,
            hint: EditDistance.suggest(name, among: Array(context.variables.keys)).map { "did you mean `$\($0)`?" }
                ?? "define it with `let \(name) = …` or `-D \(name)=…`")
    }

    /// Runs `body` inside variable `name`, reporting errors at the use site and refusing deep or cyclic
    /// nesting, and too many substitutions: variables that each use the one before several times
    /// (`let b = ($a or $a)`, `let c = ($b or $b)`, … or `$a + $a` for values) multiply, so a short
    /// script could otherwise make the checker work for ever.
    mutating func substituting<T>(
        _ name: String, at range: SourceRange,
        _ body: (inout Checker) throws(Diagnostic) -> T
    ) throws(Diagnostic) -> T {
        guard variableDepth < 16 else {
            throw Diagnostic(.tooDeep, "variables nest too deeply (is `$\(name)` defined in terms of itself?)", at: range)
        }
        substitutions += 1
        guard substitutions <= Checker.maxSubstitutions else {
            throw Diagnostic(
                .tooDeep, "variables expand too much (more than \(Checker.maxSubstitutions) substitutions in one statement)",
                at: range, hint: "a variable used several times is substituted each time; nest fewer of them")
        }
        variableDepth += 1
        defer { variableDepth -= 1 }
        let mark = gathered?.count
        do {
            return try body(&self)
        } catch {
            // Errors kept inside the variable are told once, at its use, by the one thrown.
            if let mark { gathered?.removeSubrange(mark...) }
            if variableDepth > 1 { throw error }
            var d = error
            d.message = "in `$\(name)`: " + d.message
            d.range = range
            throw d
        }
    }
}
