// Expressions and values of §3.3 in the syntax tree.

/// A where-expression.
public struct Expr: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// `A and B`
        case and(Expr, Expr)
        /// `A or B`
        case or(Expr, Expr)
        /// `not A`
        case not(Expr)
        /// `F = V`, `F != V`, `F < V`, `F <= V`, `F > V`, `F >= V`, `F ~ 're'`
        case compare(FieldRef, CompareOp, Value)
        /// `F in (V, …)` or `F not in (V, …)`
        case inList(FieldRef, [Value], negated: Bool)
        /// `F between V and V`
        case between(FieldRef, Value, Value)
        /// `F like 'pat'` or `F not like 'pat'`
        case like(FieldRef, Value, negated: Bool)
        /// `F is null` or `F is not null`
        case isNull(FieldRef, negated: Bool)
        /// `F is empty` or `F is not empty`
        case isEmpty(FieldRef, negated: Bool)
        /// `$recent` — a variable holding an expression (`let recent = (…)`)
        case variable(Name)
        /// A test whose left side is an expression, not a plain field: `hour(started) >= 9`,
        /// `duration / 1m between 1 and 5` (SPEC §9.1)
        case computed(Term, TermPredicate)
    }
    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, _ range: SourceRange = .none) { self.kind = kind; self.range = range }
    public static func == (a: Expr, b: Expr) -> Bool { a.kind == b.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }
}

/// A comparison operator.
public enum CompareOp: String, Sendable, Hashable, CaseIterable {
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", match = "~"
}

/// A value as written.
public struct Value: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// `42`, `-1`
        case integer(Int)
        /// `1.5`, `-0.25` (text as written)
        case decimal(Double, text: String)
        /// `'text'` or `"text"` (also time literals: `'2024-11-24 08:00'`)
        case string(String)
        /// `true`, `false`
        case bool(Bool)
        /// `null`
        case null
        /// `90s`, `5m`, `1h30m` (seconds; text as written)
        case duration(seconds: Int, text: String)
        /// `now`
        case now
        /// `today`
        case today
        /// a bare name: an enum name (`busy`, `in_progress`) or a setting word (`csv`, `on`)
        case name(String)
        /// `$since`
        case variable(String)
        /// `now - 2h`, `'2024-11-24' + 8h`
        case offset(Value, plus: Bool, Value)
    }
    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, _ range: SourceRange = .none) { self.kind = kind; self.range = range }
    public static func == (a: Value, b: Value) -> Bool { a.kind == b.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }
}

/// What a `.computed` test asks of its expression.
public enum TermPredicate: Sendable, Hashable {
    /// `= != < <= > >= ~` and a value
    case compare(CompareOp, Value)
    /// `[not] in (V, …)`
    case inList([Value], negated: Bool)
    /// `between V and V`
    case between(Value, Value)
    /// `[not] like 'pat'`
    case like(Value, negated: Bool)
    /// `is [not] null`
    case isNull(negated: Bool)
}
