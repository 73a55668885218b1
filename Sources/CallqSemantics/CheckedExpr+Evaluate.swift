// The evaluator: a checked expression over one order, with the exact rules of
// SPEC §3.3 — null equals nothing, ordering tests and like/~ are false on null,
// multi-valued fields are existential, `between` is inclusive.

import CallqJSON

extension CheckedExpr {
    /// True when the order satisfies the expression.
    public func evaluate(_ order: JSONValue) -> Bool {
        switch self {
        case .and(let xs):
            for x in xs where !x.evaluate(order) { return false }
            return true
        case .or(let xs):
            for x in xs where x.evaluate(order) { return true }
            return false
        case .not(let x): return !x.evaluate(order)
        case .test(let t): return t.evaluate(order)
        case .constant(let b): return b
        }
    }
}

extension FieldTest {
    /// True when some value of the field passes the test (`is null`/`is empty`: when none exists).
    public func evaluate(_ order: JSONValue) -> Bool {
        let f = field
        switch op {
        case .eq(let v): return f.anyValue(in: order) { $0 == v }
        case .lt(let v): return f.anyValue(in: order) { FieldTest.ordered($0, v) && $0 < v }
        case .le(let v): return f.anyValue(in: order) { FieldTest.ordered($0, v) && $0 <= v }
        case .gt(let v): return f.anyValue(in: order) { FieldTest.ordered($0, v) && $0 > v }
        case .ge(let v): return f.anyValue(in: order) { FieldTest.ordered($0, v) && $0 >= v }
        case .oneOf(let vs):
            if vs.count <= 8 { return f.anyValue(in: order) { vs.contains($0) } }
            let set = Set(vs)
            return f.anyValue(in: order) { set.contains($0) }
        case .between(let lo, let hi):
            return f.anyValue(in: order) { FieldTest.ordered($0, lo) && lo <= $0 && $0 <= hi }
        case .like(let p):
            return f.anyValue(in: order) { if case .text(let s) = $0 { p.matches(s) } else { false } }
        case .regex(let r):
            return f.anyValue(in: order) { if case .text(let s) = $0 { r.search(s) } else { false } }
        case .isNull:
            return !f.anyValue(in: order) { _ in true }
        case .isEmpty:
            return !f.anyValue(in: order) { if case .text(let s) = $0 { !s.isEmpty } else { true } }
        }
    }

    /// True when both scalars are of the same kind (so `<` means something).
    @inline(__always)
    static func ordered(_ a: Scalar, _ b: Scalar) -> Bool {
        switch (a, b) {
        case (.int, .int), (.text, .text), (.bool, .bool), (.number, .number), (.int, .number), (.number, .int): true
        default: false
        }
    }
}
