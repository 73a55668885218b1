// Value expressions in the syntax tree (SPEC §9.1): what may stand where a
// field may — in select, by, order by, aggregate arguments, stats items and on
// the left of a where comparison. A plain field is `.field`; the rest is
// literals, unary minus, `+ - * /` and calls (functions and aggregates alike:
// the checker tells them apart).

/// A value expression as written.
public struct Term: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// `status`, `param.city`
        case field(FieldRef)
        /// `42`, `1.5`, `'text'`, `90s`, `true`, `null`, `now`, `today`, `$since`
        case literal(Value)
        /// `-x`
        case negate(Term)
        /// `a + b`, `a - b`, `a * b`, `a / b`
        case binary(Term, ArithmeticOp, Term)
        /// `hour(started)`, `count()`, `countif(status = completed)`
        case call(Name, [CallArgument])
    }
    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, _ range: SourceRange = .none) { self.kind = kind; self.range = range }
    /// A plain field reference.
    public init(_ field: FieldRef) { self.init(.field(field), field.range) }
    public static func == (a: Term, b: Term) -> Bool { a.kind == b.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }

    /// The field, when the term is just a field.
    public var field: FieldRef? {
        if case .field(let f) = kind { return f }
        return nil
    }
}

/// An arithmetic operator.
public enum ArithmeticOp: String, Sendable, Hashable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// One argument of a call: a value, or a condition (`countif(status = busy)`).
public enum CallArgument: Sendable, Hashable {
    case term(Term)
    case condition(Expr)

    public var range: SourceRange {
        switch self {
        case .term(let t): t.range
        case .condition(let e): e.range
        }
    }
}
