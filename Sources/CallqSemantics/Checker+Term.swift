// Checking value expressions (SPEC §9.1): fields, literals, unary minus,
// `+ - * /` with the typing rules of times, seconds and numbers, and the
// functions. Type errors point at the operand. In a `stats` item the same
// walk finds the aggregates and refuses bare fields; in `having` names resolve
// to output columns.

import CallqResult
import CallqSyntax

/// What a `stats` item may read outside its aggregates.
struct StatsScope {
    /// The `by` keys as written, checked, and their column names.
    var keys: [(ast: Term, term: CheckedTerm, name: String)]
    /// The distinct aggregates the items use, in first-use order.
    var aggregates: [CheckedAggregate] = []
}

/// The output columns `having` may name.
struct HavingScope {
    /// Name, kind, the type values are read as, and (for a `by` key that is a field) the field.
    var columns: [(name: String, kind: ColumnKind, type: FieldType, field: Field?)]
}

/// The broad type of a value for the typing rules.
enum TermClass: Equatable {
    case integer, number, seconds, time, text, bool, enumeration, null

    init(_ k: ColumnKind) {
        switch k {
        case .integer, .weekday: self = .integer
        case .number: self = .number
        case .seconds: self = .seconds
        case .time: self = .time
        case .text: self = .text
        case .bool: self = .bool
        case .enumeration: self = .enumeration
        case .list(let e): self.init(e)
        case .bucket(let inner, _): self.init(inner)
        case .json: self = .null
        }
    }

    var isNumber: Bool { self == .integer || self == .number }

    var describe: String {
        switch self {
        case .integer, .number: "a number"
        case .seconds: "seconds"
        case .time: "a time"
        case .text: "text"
        case .bool: "true/false"
        case .enumeration: "an enum"
        case .null: "null"
        }
    }

    /// The plain kind of values of this class.
    var kind: ColumnKind {
        switch self {
        case .integer: .integer
        case .number, .null: .number
        case .seconds: .seconds
        case .time: .time
        case .text: .text
        case .bool: .bool
        case .enumeration: .integer
        }
    }

    /// The type literals are converted to when compared with a value of this class.
    var fieldType: FieldType {
        switch self {
        case .integer, .enumeration: .integer
        case .number, .null: .number
        case .seconds: .seconds
        case .time: .time
        case .text: .text
        case .bool: .bool
        }
    }
}

extension Checker {
    /// The name of a column computed by `t`: its text, function names in lower case.
    static func columnName(_ t: Term) -> String { Printer.print(lowercasingCalls(t)) }

    static func lowercasingCalls(_ t: Term) -> Term {
        switch t.kind {
        case .field, .literal: return t
        case .negate(let x): return Term(.negate(lowercasingCalls(x)), t.range)
        case .binary(let a, let op, let b): return Term(.binary(lowercasingCalls(a), op, lowercasingCalls(b)), t.range)
        case .call(let n, let args):
            return Term(
                .call(
                    Name(n.text.lowercased(), n.range),
                    args.map {
                        if case .term(let x) = $0 { return .term(lowercasingCalls(x)) }
                        return $0
                    }), t.range)
        }
    }

    mutating func zone() -> TermZone {
        if let z = termZone { return z }
        let z = TermZone(context.timeZone)
        termZone = z
        return z
    }

    /// Checks a value expression (record context, or a stats item / having, per the scopes set).
    mutating func checkTerm(_ t: Term) throws(Diagnostic) -> CheckedTerm {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Checker.maxNesting else {
            throw Diagnostic(.tooDeep, "expression nested too deeply", at: t.range, hint: "simplify it")
        }
        if let slot = try scopedSlot(t) { return slot }
        switch t.kind {
        case .field(let ref):
            if statsScope != nil {
                throw Diagnostic(
                    .invalidClause, "`\(ref.text)` is outside an aggregate and is not a `by` key", at: ref.range,
                    hint: "aggregate it (min(\(ref.text)), count_distinct(\(ref.text))) or add `by \(ref.text)`")
            }
            if let h = havingScope { throw notAnOutput(t, h) }
            return try projected(ref)
        case .literal(let v):
            return try constant(v)
        case .negate(let x):
            let c = try checkTerm(x)
            let k = TermClass(c.kind)
            guard k.isNumber || k == .seconds || k == .null else {
                throw Diagnostic(
                    .typeMismatch, "`-` needs a number or seconds; `\(Printer.print(x))` is \(k.describe)", at: x.range)
            }
            return .negate(c, Checker.listed(k.kind, c.isMulti))
        case .binary(let a, let op, let b):
            let l = try checkTerm(a), r = try checkTerm(b)
            if l.isMulti && r.isMulti {
                throw Diagnostic(
                    .typeMismatch, "`\(op.rawValue)` between two multi-valued fields", at: t.range,
                    hint: "at most one side of an operator may have several values per order")
            }
            let k = try Checker.arithmeticClass(op, TermClass(l.kind), TermClass(r.kind), a, b)
            return .arithmetic(op, l, r, Checker.listed(k.kind, l.isMulti || r.isMulti))
        case .call(let name, let args):
            let lower = name.text.lowercased()
            if let fn = AggregateFunction(rawValue: lower) {
                guard var scope = statsScope else {
                    if havingScope != nil { throw notAnOutput(t, havingScope!) }
                    throw Diagnostic(
                        .invalidClause, "`\(lower)` is an aggregate: it belongs in `stats`", at: name.range,
                        hint: inAggregate ? "aggregates do not nest" : "write `stats \(Checker.columnName(t))`")
                }
                statsScope = nil
                defer { statsScope = scope }
                let agg = try checkAggregate(fn, name: name, args: args, range: t.range)
                let index: Int
                if let i = scope.aggregates.firstIndex(where: { $0.computesSame(as: agg) }) {
                    index = i
                } else {
                    index = scope.aggregates.count
                    scope.aggregates.append(agg)
                }
                return .slot(scope.keys.count + index, agg.kind, name: agg.name)
            }
            return try checkFunction(lower, name: name, args: args, range: t.range)
        }
    }

    /// A stats item's `by` key, or a having term naming an output column, as a slot.
    mutating func scopedSlot(_ t: Term) throws(Diagnostic) -> CheckedTerm? {
        if let s = statsScope {
            for (i, k) in s.keys.enumerated() {
                if k.ast == t { return .slot(i, k.term.kind, name: k.name) }
                if let ref = t.field, ref.parameter == nil, case .field(let f) = k.term, catalog.field(named: ref.name) == f {
                    return .slot(i, k.term.kind, name: k.name)
                }
            }
        }
        if let h = havingScope {
            let written = Checker.columnName(t).lowercased()
            if let i = h.columns.firstIndex(where: { $0.name.lowercased() == written }) {
                return .slot(i, h.columns[i].kind, name: h.columns[i].name)
            }
            // `count by orderID having count() >= 3` (SPEC §11): `count()` is the `count` column.
            if written == "count()", let i = h.columns.firstIndex(where: { $0.name == "count" }) {
                return .slot(i, h.columns[i].kind, name: h.columns[i].name)
            }
            if let ref = t.field, ref.parameter == nil, let f = catalog.field(named: ref.name),
                let i = h.columns.firstIndex(where: { $0.field == f })
            {
                return .slot(i, h.columns[i].kind, name: h.columns[i].name)
            }
        }
        return nil
    }

    func notAnOutput(_ t: Term, _ h: HavingScope) -> Diagnostic {
        Diagnostic(
            .invalidClause, "`having` names `\(Checker.columnName(t))`, which is not an output column", at: t.range,
            hint: "output columns: " + h.columns.map(\.name).joined(separator: ", "))
    }

    static func listed(_ k: ColumnKind, _ multi: Bool) -> ColumnKind { multi ? .list(k) : k }

    /// A literal as a constant term.
    mutating func constant(_ v: Value) throws(Diagnostic) -> CheckedTerm {
        let text = Printer.print(v)
        switch try resolveValue(v) {
        case .int(let n): return .constant(.int(n), .integer, text: text)
        case .number(let d): return .constant(.double(d), .number, text: text)
        case .duration(let s): return .constant(.int(s), .seconds, text: text)
        case .text(let s): return .constant(.string(s), .text, text: text)
        case .bool(let b): return .constant(.bool(b), .bool, text: text)
        case .null: return .constant(.null, .json, text: text)
        case .time(let t): return .constant(.int(t), .time, text: text)
        case .name(let n):
            throw Diagnostic(.unknownValue, "`\(n)` is not a value here", at: v.range, hint: "quote text: '\(n)'")
        }
    }

    /// The result class of `a op b` (SPEC §9.1), or a type error at the operand at fault.
    static func arithmeticClass(_ op: ArithmeticOp, _ x: TermClass, _ y: TermClass, _ a: Term, _ b: Term) throws(Diagnostic)
        -> TermClass
    {
        let sym = op.rawValue
        for (c, t) in [(x, a), (y, b)] where [.text, .bool, .enumeration].contains(c) {
            throw Diagnostic(
                .typeMismatch, "`\(sym)` needs numbers, seconds or times; `\(Printer.print(t))` is \(c.describe)",
                at: t.range, hint: c == .enumeration ? "compare it instead: `\(Printer.print(t)) = …`" : nil)
        }
        if x == .null { return y == .null ? .number : y }
        if y == .null { return x }
        func bad(_ t: Term, _ why: String, _ hint: String? = nil) -> Diagnostic {
            Diagnostic(.typeMismatch, why, at: t.range, hint: hint)
        }
        switch op {
        case .add, .subtract:
            switch (x, y) {
            case (.time, .seconds): return .time
            case (.seconds, .time):
                if op == .add { return .time }
                throw bad(b, "a time cannot be subtracted from seconds", "write `time - seconds`")
            case (.time, .time):
                if op == .subtract { return .seconds }
                throw bad(b, "two times cannot be added", "subtract them for the seconds between")
            case (.time, _):
                throw bad(
                    b, "`\(sym)` on a time needs seconds; `\(Printer.print(b))` is \(y.describe)", "write a duration: \(sym) 1h")
            case (_, .time):
                throw bad(a, "`\(sym)` on a time needs seconds; `\(Printer.print(a))` is \(x.describe)", "write a duration: 1h")
            case (.seconds, .seconds): return .seconds
            case (.integer, .integer): return .integer
            default: return .number
            }
        case .multiply, .divide:
            if x == .time {
                throw bad(
                    a, "a time cannot be \(op == .multiply ? "multiplied" : "divided")",
                    "use `hour(…)`, `day(…)` or subtract times")
            }
            if y == .time {
                throw bad(
                    b, "a time cannot be \(op == .multiply ? "multiplied" : "divided") with",
                    "use `hour(…)`, `day(…)` or subtract times")
            }
            switch (x, y) {
            case (.seconds, .seconds): return .number
            case (.seconds, _): return .seconds
            case (_, .seconds): return op == .multiply ? .seconds : .number
            case (.integer, .integer): return op == .multiply ? .integer : .number
            default: return .number
            }
        }
    }
}
