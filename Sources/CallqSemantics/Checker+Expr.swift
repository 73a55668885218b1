// Checking expressions: each predicate becomes a FieldTest with converted
// values; `!=`, `not in`, `not like`, `is not` become `not`; `turns` is only
// accepted as a top-level conjunct of a query over the API.

import CallqSyntax

extension Checker {
    /// Checks an expression; `topLevel` is true for conjuncts of the top-level `and`.
    mutating func checkExpr(_ e: Expr, topLevel: Bool) throws(Diagnostic) -> CheckedExpr {
        switch e.kind {
        case .and:
            // Chains are walked along their left spine, so a long `a and b and …` does not recurse deeply.
            var parts: [CheckedExpr] = []
            for x in Checker.spine(e, and: true) { parts += try checkExpr(x, topLevel: topLevel).conjuncts }
            return .and(parts)
        case .or:
            var parts: [CheckedExpr] = []
            for x in Checker.spine(e, and: false) {
                let c = try checkExpr(x, topLevel: false)
                if case .or(let xs) = c { parts += xs } else { parts.append(c) }
            }
            return .or(parts)
        case .not(let a):
            return .not(try checkExpr(a, topLevel: false))
        case .variable(let n):
            guard let v = context.variables[n.text] else { throw unknownVariable(n.text, at: n.range) }
            var inner: Expr
            switch v {
            case .expr(let x): inner = x
            case .text(let t):
                do { inner = try Parser.parseExpression(t) } catch {
                    throw Diagnostic(.typeMismatch, "`$\(n.text)` holds `\(t)`, which is not a condition", at: n.range)
                }
            case .value(let v):
                throw Diagnostic(.typeMismatch, "`$\(n.text)` holds a value (\(Printer.print(v))), not a condition",
                                 at: n.range, hint: "compare a field with it: `duration > $\(n.text)`")
            }
            return try substituting(n.text, at: n.range) { (c: inout Checker) throws(Diagnostic) in try c.checkExpr(inner, topLevel: topLevel) }
        case .compare(let ref, let op, let v):
            let f = try resolve(ref)
            try checkTurns(f, ref: ref, topLevel: topLevel, op: op.rawValue, ok: op != .ne && op != .match)
            if op == .match {
                try requireText(f, ref, op: "~")
                let pattern = try textValue(v, for: "~")
                do {
                    return .test(FieldTest(field: f, op: .regex(try RegexMatcher(pattern)), range: e.range))
                } catch {
                    throw Diagnostic(.invalidRegex, "invalid regular expression '\(pattern)'", at: v.range,
                                     hint: "\(error)".isEmpty ? nil : "check brackets and escapes (ICU syntax)")
                }
            }
            let values = try scalars(v, for: f, ref: ref)
            if values.count != 1 {
                switch op {
                case .eq: return .test(FieldTest(field: f, op: .oneOf(values), range: e.range))
                case .ne: return .not(.test(FieldTest(field: f, op: .oneOf(values), range: e.range)))
                default:
                    throw Diagnostic(.typeMismatch, "`\(Printer.print(v))` stands for several codes; `\(op.rawValue)` needs one",
                                     at: v.range, hint: "use `=`, `!=`, `in` or `not in` with groups")
                }
            }
            let s = values[0]
            let testOp: TestOp
            switch op {
            case .eq, .ne: testOp = .eq(s)
            case .lt: testOp = .lt(s)
            case .le: testOp = .le(s)
            case .gt: testOp = .gt(s)
            case .ge: testOp = .ge(s)
            case .match: testOp = .eq(s)
            }
            if op != .eq, op != .ne, f.type == .bool {
                throw Diagnostic(.typeMismatch, "`\(ref.text)` is true or false: `\(op.rawValue)` does not apply",
                                 at: e.range, hint: "write `\(ref.text) = true`")
            }
            let t = CheckedExpr.test(FieldTest(field: f, op: testOp, range: e.range))
            return op == .ne ? .not(t) : t
        case .inList(let ref, let vs, let negated):
            let f = try resolve(ref)
            try checkTurns(f, ref: ref, topLevel: topLevel, op: "in", ok: false)
            var all: [Scalar] = []
            for v in vs { for s in try scalars(v, for: f, ref: ref) where !all.contains(s) { all.append(s) } }
            let t: CheckedExpr = all.isEmpty ? .constant(false) : .test(FieldTest(field: f, op: .oneOf(all), range: e.range))
            return negated ? .not(t) : t
        case .between(let ref, let lo, let hi):
            let f = try resolve(ref)
            try checkTurns(f, ref: ref, topLevel: topLevel, op: "between", ok: true)
            let a = try single(lo, for: f, ref: ref, op: "between"), b = try single(hi, for: f, ref: ref, op: "between")
            if f.type == .bool {
                throw Diagnostic(.typeMismatch, "`between` does not apply to true/false", at: e.range)
            }
            return .test(FieldTest(field: f, op: .between(a, b), range: e.range))
        case .like(let ref, let v, let negated):
            let f = try resolve(ref)
            try checkTurns(f, ref: ref, topLevel: topLevel, op: "like", ok: false)
            try requireText(f, ref, op: "like")
            let t = CheckedExpr.test(FieldTest(field: f, op: .like(LikePattern(try textValue(v, for: "like"))), range: e.range))
            return negated ? .not(t) : t
        case .isNull(let ref, let negated), .isEmpty(let ref, let negated):
            let f = try resolve(ref)
            try checkTurns(f, ref: ref, topLevel: topLevel, op: "is", ok: false)
            var op = TestOp.isNull
            if case .isEmpty = e.kind { op = .isEmpty }
            let t = CheckedExpr.test(FieldTest(field: f, op: op, range: e.range))
            return negated ? .not(t) : t
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

    /// `turns` is filtered by the server only: top-level `and`, API source, range operators.
    func checkTurns(_ f: Field, ref: FieldRef, topLevel: Bool, op: String, ok: Bool) throws(Diagnostic) {
        guard f.serverOnly else { return }
        let why = "the API filters it and replies do not contain it"
        if !fromAPI {
            throw Diagnostic(.turnsPlacement, "`\(ref.text)` cannot be filtered in saved orders", at: ref.range,
                             hint: "\(why); query the API instead")
        }
        if !topLevel {
            throw Diagnostic(.turnsPlacement, "`\(ref.text)` can only be filtered with `and` at the top level",
                             at: ref.range, hint: "\(why), so it cannot be under `or` or `not`")
        }
        if !ok {
            throw Diagnostic(.turnsPlacement, "`\(ref.text)` cannot be filtered with `\(op)`", at: ref.range,
                             hint: "\(why); use =, <, <=, >, >= or between")
        }
    }

    func requireText(_ f: Field, _ ref: FieldRef, op: String) throws(Diagnostic) {
        guard f.type == .text else {
            throw Diagnostic(.typeMismatch, "`\(op)` needs a text field; `\(ref.text)` is \(f.type)", at: ref.range,
                             hint: f.type.isNumeric ? "compare it with =, <, >, between or in" : nil)
        }
    }

    func unknownVariable(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.unknownVariable, "unknown variable `$\(name)`", at: range,
                   hint: EditDistance.suggest(name, among: Array(context.variables.keys)).map { "did you mean `$\($0)`?" }
                       ?? "define it with `let \(name) = …` or `-D \(name)=…`")
    }

    /// Runs `body` inside variable `name`, reporting errors at the use site and refusing deep or cyclic nesting.
    mutating func substituting<T>(_ name: String, at range: SourceRange,
                                  _ body: (inout Checker) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        guard variableDepth < 16 else {
            throw Diagnostic(.tooDeep, "variables nest too deeply (is `$\(name)` defined in terms of itself?)", at: range)
        }
        variableDepth += 1
        defer { variableDepth -= 1 }
        do {
            return try body(&self)
        } catch {
            if variableDepth > 1 { throw error }
            var d = error
            d.message = "in `$\(name)`: " + d.message
            d.range = range
            throw d
        }
    }
}
