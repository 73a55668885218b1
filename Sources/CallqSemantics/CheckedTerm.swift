// The checked form of a value expression: what `select`, `by`, `order by`, an
// aggregate's argument, a computed where-test, a stats item and `having` read.
// Each term knows its output kind and the catalog fields it reads; evaluation
// (CheckedTerm+Evaluate) gives a typed JSON value.

import CallqJSON
import CallqResult
import CallqSyntax
import Foundation

/// A type-checked value expression over one record (or, for `.slot`, over one group row).
public indirect enum CheckedTerm: Sendable, Hashable {
    /// A catalog field: `duration`, `param.city`.
    case field(Field)
    /// A literal (`30`, `1.5`, `1m`, `'x'`, `now`), its kind, and its text as written.
    case constant(JSONValue, ColumnKind, text: String)
    /// `-x`
    case negate(CheckedTerm, ColumnKind)
    /// `a + b` … with the result kind of SPEC §9.1.
    case arithmetic(ArithmeticOp, CheckedTerm, CheckedTerm, ColumnKind)
    /// `hour(t)`, `bin(x, 30s)`, `lower(s)`, `coalesce(a, b)` …
    case function(TermFunction, [CheckedTerm], ColumnKind)
    /// Value `index` of a group row (a `by` key or an aggregate), named `name`.
    case slot(Int, ColumnKind, name: String)

    /// How the value is shown.
    public var kind: ColumnKind {
        switch self {
        case .field(let f): f.kind
        case .constant(_, let k, _), .negate(_, let k), .arithmetic(_, _, _, let k), .function(_, _, let k), .slot(_, let k, _): k
        }
    }

    /// Every catalog field the term reads.
    public var fields: [Field] {
        switch self {
        case .field(let f): [f]
        case .constant, .slot: []
        case .negate(let x, _): x.fields
        case .arithmetic(_, let a, let b, _): a.fields + b.fields
        case .function(_, let args, _): args.flatMap(\.fields)
        }
    }

    /// The term as callq text (canonical field names), for explain.
    public var callqText: String { text(minPrecedence: 0) }

    var precedence: Int {
        switch self {
        case .arithmetic(let op, _, _, _): op == .add || op == .subtract ? 1 : 2
        case .negate: 3
        case .constant(_, _, let t): t.hasPrefix("-") ? 3 : 4
        default: 4
        }
    }

    func text(minPrecedence p: Int) -> String {
        let s: String
        switch self {
        case .field(let f): s = f.callqText
        case .constant(_, _, let t): s = t
        case .slot(_, _, let name): s = name
        case .negate(let x, _): s = "-" + x.text(minPrecedence: 4)
        case .arithmetic(let op, let a, let b, _):
            let q = op == .add || op == .subtract ? 1 : 2
            s = a.text(minPrecedence: q) + " \(op.rawValue) " + b.text(minPrecedence: q + 1)
        case .function(let f, let args, _):
            var parts = args.map(\.callqText)
            switch f {
            case .timeBin(let d, _): parts.append(CheckedTerm.durationText(d))
            case .valueBin(_, let text): parts.append(text)
            default: break
            }
            s = f.name + "(" + parts.joined(separator: ", ") + ")"
        }
        return precedence >= p ? s : "(\(s))"
    }

    /// Whole seconds as a duration literal: `15m`, `1h30m`, `90061s` → `1d1h1m1s`.
    static func durationText(_ seconds: Int) -> String {
        if seconds <= 0 { return "\(seconds)s" }
        var out = "", rest = seconds
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    /// True when the term can have several values per record (a multi-valued field).
    public var isMulti: Bool {
        if case .list = kind { return true }
        return false
    }

    /// True when the term reads a column of a group row (`.slot`), as `having` and the outputs
    /// of `stats` do, rather than a record.
    public var readsGroupRow: Bool {
        switch self {
        case .slot: true
        case .field, .constant: false
        case .negate(let x, _): x.readsGroupRow
        case .arithmetic(_, let a, let b, _): a.readsGroupRow || b.readsGroupRow
        case .function(_, let args, _): args.contains { $0.readsGroupRow }
        }
    }

    /// True when the term is computed (not a plain field), so it reads the record through code.
    public var isComputed: Bool {
        if case .field = self { return false }
        return true
    }
}

/// A function of SPEC §9.1, with what it needs to run (the session zone for time functions).
public enum TermFunction: Sendable, Hashable {
    case hour(TermZone), weekday(TermZone), day(TermZone), week(TermZone), month(TermZone)
    /// `bin(t, D)` on a time (D seconds from local midnight).
    case timeBin(seconds: Int, TermZone)
    /// `bin(x, S)` on a number or seconds; `text` is S as written.
    case valueBin(Double, text: String)
    case lower, upper, length, coalesce

    /// The name as written in callq.
    public var name: String {
        switch self {
        case .hour: "hour"
        case .weekday: "weekday"
        case .day: "day"
        case .week: "week"
        case .month: "month"
        case .timeBin, .valueBin: "bin"
        case .lower: "lower"
        case .upper: "upper"
        case .length: "length"
        case .coalesce: "coalesce"
        }
    }

    /// The scalar functions, in the order SPEC §9.1 lists them (from the language catalog).
    public static var names: [String] { LanguageCatalog.scalarNames }
}

/// The session time zone a time function computes in (one calendar shared by the statement).
public final class TermZone: Sendable, Hashable {
    public let calendar: BucketCalendar
    public init(_ timeZone: TimeZone) { calendar = BucketCalendar(timeZone: timeZone) }
    public static func == (a: TermZone, b: TermZone) -> Bool { a.calendar.timeZone.identifier == b.calendar.timeZone.identifier }
    public func hash(into h: inout Hasher) { h.combine(calendar.timeZone.identifier) }
}

extension Field {
    /// The field's value in `record`, each value coerced to the field's type (so `"33"` in a
    /// numeric field is 33 everywhere, as the evaluator reads it); null, or left out of a
    /// multi-valued field's list, when unusable.
    public func typedValue(in record: JSONValue) -> JSONValue {
        let raw = extract(record)
        if isMulti, case .array(let items) = raw { return .array(items.compactMap(typed)) }
        return typed(raw) ?? .null
    }

    /// One raw value coerced to the field's type, as JSON; nil when null or unusable.
    public func typed(_ value: JSONValue) -> JSONValue? {
        switch scalar(value) {
        case .int(let i)?: return .int(i)
        case .text(let s)?: return .string(s)
        case .bool(let b)?: return .bool(b)
        case .number(let d)?: return .double(d)
        case nil: return nil
        }
    }
}
