// The checked form of a where-expression: names resolved to catalog fields,
// values converted to scalars (times to epoch seconds, durations to seconds,
// enum names to codes), `!=`/`not in`/`not like` rewritten as `not`.

import CallqSyntax

/// A type-checked boolean expression over an order.
public indirect enum CheckedExpr: Sendable, Hashable {
    /// `a and b and …`
    case and([CheckedExpr])
    /// `a or b or …`
    case or([CheckedExpr])
    /// `not a` (also `!=`, `not in`, `not like`, `is not null`)
    case not(CheckedExpr)
    /// a test of one field
    case test(FieldTest)
    /// a test of a computed value (`hour(started) >= 9`), or of an output column in `having`
    case termTest(TermTest)
    /// always true or false (`status in ()` is false)
    case constant(Bool)
}

/// One test on a field: `status in (10, 11)`, `duration > 30`.
public struct FieldTest: Sendable, Hashable {
    public var field: Field
    public var op: TestOp
    public var range: SourceRange
    public init(field: Field, op: TestOp, range: SourceRange = .none) {
        self.field = field; self.op = op; self.range = range
    }
    public static func == (a: FieldTest, b: FieldTest) -> Bool { a.field == b.field && a.op == b.op }
    public func hash(into h: inout Hasher) { h.combine(field); h.combine(op) }
}

/// One test on a computed value. `type` is the type its values were converted for.
public struct TermTest: Sendable, Hashable {
    public var term: CheckedTerm
    public var type: FieldType
    public var op: TestOp
    public var range: SourceRange
    public init(term: CheckedTerm, type: FieldType, op: TestOp, range: SourceRange = .none) {
        self.term = term; self.type = type; self.op = op; self.range = range
    }
    public static func == (a: TermTest, b: TermTest) -> Bool { a.term == b.term && a.op == b.op }
    public func hash(into h: inout Hasher) { h.combine(term); h.combine(op) }
}

/// The operation of a FieldTest.
public enum TestOp: Sendable, Hashable {
    /// `F = V`
    case eq(Scalar)
    /// `F < V`
    case lt(Scalar)
    /// `F <= V`
    case le(Scalar)
    /// `F > V`
    case gt(Scalar)
    /// `F >= V`
    case ge(Scalar)
    /// `F in (V, …)` (also an enum group: `status = failed`)
    case oneOf([Scalar])
    /// `F between A and B` (inclusive)
    case between(Scalar, Scalar)
    /// `F like 'pat'` (case-insensitive, % and _)
    case like(LikePattern)
    /// `F ~ 're'` (unanchored search)
    case regex(RegexMatcher)
    /// `F is null`
    case isNull
    /// `F is empty`
    case isEmpty
}

extension CheckedExpr {
    /// The top-level conjuncts (`a and (b and c)` → a, b, c).
    public var conjuncts: [CheckedExpr] {
        if case .and(let xs) = self { return xs.flatMap(\.conjuncts) }
        if case .constant(true) = self { return [] }
        return [self]
    }

    /// `and` of the parts, flattening and dropping `true`; nil when nothing is left.
    public static func conjunction(_ parts: [CheckedExpr]) -> CheckedExpr? {
        let flat = parts.flatMap(\.conjuncts)
        if flat.isEmpty { return nil }
        return flat.count == 1 ? flat[0] : .and(flat)
    }

    /// Every field the expression reads.
    public var fields: [Field] {
        switch self {
        case .and(let xs), .or(let xs): return xs.flatMap(\.fields)
        case .not(let x): return x.fields
        case .test(let t): return [t.field]
        case .termTest(let t): return t.term.fields
        case .constant: return []
        }
    }
}
