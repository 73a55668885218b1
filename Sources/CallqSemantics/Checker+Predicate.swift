// Checking predicates, the leaves of a condition: each becomes a FieldTest
// with converted values; `!=`, `not in`, `not like`, `is not` become `not`;
// `turns` is only accepted as a top-level conjunct of a query over the API.

import CallqSyntax

extension Checker {
    /// Checks one predicate (`F op V`, `in`, `between`, `like`, `is`). Kept out of the recursive
    /// `checkExpr`, whose every level of nesting would otherwise carry this function's locals.
    mutating func checkPredicate(_ e: Expr, topLevel: Bool) throws(Diagnostic) -> CheckedExpr {
        if havingScope != nil, let (t, p) = Checker.computedForm(e) { return try checkComputed(t, p, e.range) }
        switch e.kind {
        case .computed(let t, let p):
            return try checkComputed(t, p, e.range)
        case .compare(let ref, let op, let v):
            let f = try resolve(ref)
            try checkTurns(f, ref: ref, topLevel: topLevel, op: op.rawValue, ok: op != .ne && op != .match)
            if op == .match {
                try requireText(f, ref, op: "~")
                let pattern = try textValue(v, for: "~")
                do {
                    return .test(FieldTest(field: f, op: .regex(try RegexMatcher(pattern)), range: e.range))
                } catch {
                    throw Diagnostic(
                        .invalidRegex, "invalid regular expression '\(pattern)'", at: v.range,
                        hint: "\(error)".isEmpty ? nil : "check brackets and escapes (ICU syntax)")
                }
            }
            let values = try scalars(v, for: f, ref: ref)
            if values.count != 1 {
                switch op {
                case .eq: return .test(FieldTest(field: f, op: .oneOf(values), range: e.range))
                case .ne: return .not(.test(FieldTest(field: f, op: .oneOf(values), range: e.range)))
                default:
                    throw Diagnostic(
                        .typeMismatch, "`\(Printer.print(v))` stands for several codes; `\(op.rawValue)` needs one",
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
                throw Diagnostic(
                    .typeMismatch, "`\(ref.text)` is true or false: `\(op.rawValue)` does not apply",
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
        case .and, .or, .not, .variable:
            return try checkExpr(e, topLevel: topLevel)
        }
    }

    /// A plain-field predicate as a term test (for `having`, where names are output columns).
    static func computedForm(_ e: Expr) -> (Term, TermPredicate)? {
        switch e.kind {
        case .compare(let f, let op, let v): (Term(f), .compare(op, v))
        case .inList(let f, let vs, let n): (Term(f), .inList(vs, negated: n))
        case .between(let f, let a, let b): (Term(f), .between(a, b))
        case .like(let f, let v, let n): (Term(f), .like(v, negated: n))
        case .isNull(let f, let n), .isEmpty(let f, let n): (Term(f), .isNull(negated: n))
        case .computed(let t, let p): (t, p)
        default: nil
        }
    }

    /// The type values compared with a checked term are converted to.
    func comparisonType(_ c: CheckedTerm) -> FieldType {
        switch c {
        case .field(let f): return f.type
        case .slot(let i, let k, _): return havingScope.map { $0.columns[i].type } ?? TermClass(k).fieldType
        case .function(.coalesce, let args, _):
            if let first = args.first(where: { TermClass($0.kind) != .null }) { return comparisonType(first) }
            return .number
        default: return TermClass(c.kind).fieldType
        }
    }

    /// A test of a computed value: `hour(started) between 9 and 17`, `duration / 1m > 2`.
    mutating func checkComputed(_ t: Term, _ p: TermPredicate, _ range: SourceRange) throws(Diagnostic) -> CheckedExpr {
        let c = try checkTerm(t)
        let type = comparisonType(c)
        let name = Checker.columnName(t)
        func test(_ op: TestOp) -> CheckedExpr { .termTest(TermTest(term: c, type: type, op: op, range: range)) }
        func text() throws(Diagnostic) {
            guard type == .text else {
                throw Diagnostic(.typeMismatch, "this test needs text; `\(name)` is \(type)", at: t.range)
            }
        }
        switch p {
        case .compare(let op, let v):
            if op == .match {
                try text()
                let pattern = try textValue(v, for: "~")
                do { return test(.regex(try RegexMatcher(pattern))) } catch {
                    throw Diagnostic(.invalidRegex, "invalid regular expression '\(pattern)'", at: v.range)
                }
            }
            let values = try scalars(v, type: type, name: name)
            if values.count != 1 {
                switch op {
                case .eq: return test(.oneOf(values))
                case .ne: return .not(test(.oneOf(values)))
                default:
                    throw Diagnostic(
                        .typeMismatch, "`\(Printer.print(v))` stands for several codes; `\(op.rawValue)` needs one",
                        at: v.range, hint: "use `=`, `!=`, `in` or `not in` with groups")
                }
            }
            let s = values[0]
            if op != .eq, op != .ne, type == .bool {
                throw Diagnostic(.typeMismatch, "`\(name)` is true or false: `\(op.rawValue)` does not apply", at: range)
            }
            switch op {
            case .eq: return test(.eq(s))
            case .ne: return .not(test(.eq(s)))
            case .lt: return test(.lt(s))
            case .le: return test(.le(s))
            case .gt: return test(.gt(s))
            case .ge: return test(.ge(s))
            case .match: return test(.eq(s))
            }
        case .inList(let vs, let negated):
            var all: [Scalar] = []
            for v in vs { for s in try scalars(v, type: type, name: name) where !all.contains(s) { all.append(s) } }
            let r: CheckedExpr = all.isEmpty ? .constant(false) : test(.oneOf(all))
            return negated ? .not(r) : r
        case .between(let lo, let hi):
            let a = try scalars(lo, type: type, name: name), b = try scalars(hi, type: type, name: name)
            guard a.count == 1, b.count == 1, type != .bool else {
                throw Diagnostic(.typeMismatch, "`between` needs two single values", at: range)
            }
            return test(.between(a[0], b[0]))
        case .like(let v, let negated):
            try text()
            let r = test(.like(LikePattern(try textValue(v, for: "like"))))
            return negated ? .not(r) : r
        case .isNull(let negated):
            let r = test(.isNull)
            return negated ? .not(r) : r
        }
    }

    /// `turns` is filtered by the server only: top-level `and`, API source, range operators.
    func checkTurns(_ f: Field, ref: FieldRef, topLevel: Bool, op: String, ok: Bool) throws(Diagnostic) {
        guard f.serverOnly else { return }
        let why = "the API filters it and replies do not contain it"
        if !fromAPI {
            throw Diagnostic(
                .turnsPlacement, "`\(ref.text)` cannot be filtered in saved orders", at: ref.range,
                hint: "\(why); query the API instead")
        }
        if !topLevel {
            throw Diagnostic(
                .turnsPlacement, "`\(ref.text)` can only be filtered with `and` at the top level",
                at: ref.range, hint: "\(why), so it cannot be under `or` or `not`")
        }
        if !ok {
            throw Diagnostic(
                .turnsPlacement, "`\(ref.text)` cannot be filtered with `\(op)`", at: ref.range,
                hint: "\(why); use =, <, <=, >, >= or between")
        }
    }

    func requireText(_ f: Field, _ ref: FieldRef, op: String) throws(Diagnostic) {
        guard f.type == .text else {
            throw Diagnostic(
                .typeMismatch, "`\(op)` needs a text field; `\(ref.text)` is \(f.type)", at: ref.range,
                hint: f.type.isNumeric ? "compare it with =, <, >, between or in" : nil)
        }
    }
}
