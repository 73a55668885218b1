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
        case .termTest(let t): return t.evaluate(order)
        case .constant(let b): return b
        }
    }
}

extension TermTest {
    /// True when some value of the term passes the test (`is null`: when it has none).
    public func evaluate(_ record: JSONValue) -> Bool {
        evaluate(value: term.value(in: record))
    }

    /// The test on the term's value `v`, computed already.
    public func evaluate(value v: JSONValue) -> Bool {
        func any(_ test: (Scalar) -> Bool) -> Bool {
            switch v {
            case .array(let items): return items.contains { TermTest.scalar($0).map(test) ?? false }
            default: return TermTest.scalar(v).map(test) ?? false
            }
        }
        switch op {
        case .eq(let s): return any { TermTest.same($0, s) }
        case .lt(let s): return any { FieldTest.ordered($0, s) && $0 < s }
        case .le(let s): return any { FieldTest.ordered($0, s) && ($0 < s || TermTest.same($0, s)) }
        case .gt(let s): return any { FieldTest.ordered($0, s) && s < $0 }
        case .ge(let s): return any { FieldTest.ordered($0, s) && (s < $0 || TermTest.same($0, s)) }
        case .oneOf(let vs): return any { x in vs.contains { TermTest.same(x, $0) } }
        case .between(let lo, let hi):
            return any { FieldTest.ordered($0, lo) && !($0 < lo) && !(hi < $0) }
        case .like(let p): return any { if case .text(let s) = $0 { p.matches(s) } else { false } }
        case .regex(let r): return any { if case .text(let s) = $0 { r.search(s, field: term.callqText) } else { false } }
        case .isNull, .isEmpty: return !any { _ in true }
        }
    }

    /// A computed JSON value as a scalar; nil for null.
    static func scalar(_ v: JSONValue) -> Scalar? {
        switch v {
        case .int(let i): .int(i)
        case .double(let d): d.isFinite ? .number(d) : nil
        case .string(let s): .text(s)
        case .bool(let b): .bool(b)
        default: nil
        }
    }

    /// Equality across whole and decimal numbers (`2` equals `2.0`).
    static func same(_ a: Scalar, _ b: Scalar) -> Bool {
        switch (a, b) {
        case (.int(let x), .number(let y)), (.number(let y), .int(let x)): Double(x) == y
        default: a == b
        }
    }
}

extension FieldTest {
    /// True when some value of the field passes the test (`is null`/`is empty`: when none exists).
    public func evaluate(_ order: JSONValue) -> Bool {
        let f = field
        return passes { test in f.anyValue(in: order, test) }
    }

    /// The test on a single-valued field whose value was read already (`value`: what the
    /// field's path reaches, nil when it reaches nothing): the same answer as `evaluate`
    /// on the order it came from.
    public func evaluate(value: JSONValue?) -> Bool {
        let f = field
        return passes { test in
            guard let value, let s = f.scalar(value) else { return false }
            return test(s)
        }
    }

    /// The op over the field's values: `any(test)` tells whether some value passes `test`.
    @inline(__always)
    func passes(_ any: ((Scalar) -> Bool) -> Bool) -> Bool {
        switch op {
        case .eq(let v): return any { $0 == v }
        case .lt(let v): return any { FieldTest.ordered($0, v) && $0 < v }
        case .le(let v): return any { FieldTest.ordered($0, v) && $0 <= v }
        case .gt(let v): return any { FieldTest.ordered($0, v) && $0 > v }
        case .ge(let v): return any { FieldTest.ordered($0, v) && $0 >= v }
        case .oneOf(let vs):
            if vs.count <= 8 { return any { vs.contains($0) } }
            let set = Set(vs)
            return any { set.contains($0) }
        case .between(let lo, let hi):
            return any { FieldTest.ordered($0, lo) && lo <= $0 && $0 <= hi }
        case .like(let p):
            return any { if case .text(let s) = $0 { p.matches(s) } else { false } }
        case .regex(let r):
            return any { if case .text(let s) = $0 { r.search(s, field: field.callqText) } else { false } }
        case .isNull:
            return !any { _ in true }
        case .isEmpty:
            return !any { if case .text(let s) = $0 { !s.isEmpty } else { true } }
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
