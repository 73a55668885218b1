// Gathering every error of a statement (`--check`, and a run's message): checks of
// parts that do not depend on each other (the conjuncts of a condition, `where` and
// `select`, select items, `by` keys) go on after an error, which is kept.

import CallqSyntax

extension Checker {
    /// Every error the checker finds in one statement's text, in source order (a parse
    /// error alone, as nothing after it can be read). Empty when the statement checks.
    public static func diagnostics(_ text: String, context: CheckContext) -> [Diagnostic] {
        let stmt: Statement
        do { stmt = try Parser.parse(text) } catch { return [error] }
        var c = Checker(context: context)
        c.gathered = []
        do { _ = try c.check(stmt) } catch { c.keep(error) }
        return (c.gathered ?? []).enumerated()
            .sorted { ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset) }.map(\.element)
    }

    /// Keeps an error once (an error kept inside a part is thrown out of it again).
    mutating func keep(_ d: Diagnostic) {
        if gathered?.contains(d) == false { gathered?.append(d) }
    }

    /// After one independent part failed: throws when not gathering, else keeps the error
    /// and lets the next part be checked.
    mutating func keepGoing(_ d: Diagnostic) throws(Diagnostic) {
        guard gathered != nil else { throw d }
        keep(d)
    }

    /// How deep in a condition `and`/`or` operands are checked each after an error; deeper
    /// ones stop at the first, so that gathering adds no stack to deeply nested conditions.
    static let gatheringDepth = 4

    /// The operands of an `and` (or `or`) chain, each checked even when one before failed.
    /// Kept out of `checkExpr` so that its frame, repeated at every level of nesting, stays small.
    @inline(never)
    mutating func checkPartsGathering(_ e: Expr, and: Bool, topLevel: Bool) throws(Diagnostic) -> CheckedExpr {
        var parts: [CheckedExpr] = []
        let mark = gathered?.count ?? 0
        for x in Checker.spine(e, and: and) {
            do {
                let c = try checkExpr(x, topLevel: topLevel)
                if and { parts += c.conjuncts } else if case .or(let xs) = c { parts += xs } else { parts.append(c) }
            } catch { try keepGoing(error) }
        }
        try rethrowKept(since: mark)
        return and ? .and(parts) : .or(parts)
    }

    /// After independent parts: the first error kept since `mark` (`gathered`'s count before them).
    func rethrowKept(since mark: Int) throws(Diagnostic) {
        if let g = gathered, g.count > mark { throw g[mark] }
    }
}
