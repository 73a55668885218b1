// Evaluating value expressions (SPEC §9.1): null in, null out; integer
// arithmetic stays exact (overflow falls back to decimals); `/` always gives a
// decimal and `/ 0` null; time functions floor in the session zone. A
// multi-valued operand maps element by element (the checker allows at most one
// per operation), so `lower(intent)` is the list of lowered names.

import CallqJSON
import CallqResult
import CallqSyntax

extension CheckedTerm {
    /// The term's value in `record`, coerced to its type: null when absent or unusable; for a
    /// multi-valued term an array of its usable values. For `.slot`, `record` is a group row (an array).
    public func value(in record: JSONValue) -> JSONValue {
        value(in: record) { $0.typedValue(in: record) }
    }

    /// The term's value with each field's value given by `field` (what `Field.typedValue(in:)`
    /// gives on the record); `record` is read only by `.slot`. For readers that hold a
    /// record's field values already (a slot parse).
    public func value(in record: JSONValue, reading field: (Field) -> JSONValue) -> JSONValue {
        switch self {
        case .field(let f): return field(f)
        case .constant(let v, _, _): return v
        case .slot(let i, _, _):
            if case .array(let items) = record, i < items.count { return items[i] }
            return .null
        case .negate(let x, _):
            return CheckedTerm.map(x.value(in: record, reading: field)) { v in
                switch v {
                case .int(let i): i == .min ? .double(-Double(i)) : .int(-i)
                case .double(let d): .double(-d)
                default: .null
                }
            }
        case .arithmetic(let op, let a, let b, _):
            let x = a.value(in: record, reading: field)
            if x.isNull { return .null }
            let y = b.value(in: record, reading: field)
            if case .array(let items) = x { return .array(items.map { CheckedTerm.arithmetic(op, $0, y) }.filter { !$0.isNull }) }
            if case .array(let items) = y { return .array(items.map { CheckedTerm.arithmetic(op, x, $0) }.filter { !$0.isNull }) }
            return CheckedTerm.arithmetic(op, x, y)
        case .function(let f, let args, _):
            if case .coalesce = f {
                for a in args {
                    let v = a.value(in: record, reading: field)
                    if v.isNull { continue }
                    if case .array(let items) = v, items.isEmpty { continue }
                    return v
                }
                return .null
            }
            let x = args[0].value(in: record, reading: field)
            return CheckedTerm.map(x) { f.apply($0) }
        }
    }

    /// `f` over a value, or over each element of an array (nulls dropped).
    @inline(__always)
    static func map(_ v: JSONValue, _ f: (JSONValue) -> JSONValue) -> JSONValue {
        switch v {
        case .null: return .null
        case .array(let items):
            return .array(
                items.compactMap {
                    let r = f($0); return r.isNull ? nil : r
                })
        default: return f(v)
        }
    }

    /// One arithmetic step on scalars.
    static func arithmetic(_ op: ArithmeticOp, _ x: JSONValue, _ y: JSONValue) -> JSONValue {
        if case .int(let a) = x, case .int(let b) = y, op != .divide {
            let (r, overflow) =
                switch op {
                case .add: a.addingReportingOverflow(b)
                case .subtract: a.subtractingReportingOverflow(b)
                default: a.multipliedReportingOverflow(by: b)
                }
            if !overflow { return .int(r) }
        }
        guard let a = x.doubleValue, let b = y.doubleValue else { return .null }
        let r: Double
        switch op {
        case .add: r = a + b
        case .subtract: r = a - b
        case .multiply: r = a * b
        case .divide:
            if b == 0 { return .null }
            r = a / b
        }
        return r.isFinite ? .double(r) : .null
    }
}

extension TermFunction {
    /// The function of one (non-null, non-array) argument.
    public func apply(_ v: JSONValue) -> JSONValue {
        switch self {
        case .hour(let z): return v.epoch.map { .int(z.calendar.hour($0)) } ?? .null
        case .weekday(let z): return v.epoch.map { .int(z.calendar.weekday($0)) } ?? .null
        case .day(let z): return v.epoch.map { .int(z.calendar.floor($0, to: .day)) } ?? .null
        case .week(let z): return v.epoch.map { .int(z.calendar.floor($0, to: .week)) } ?? .null
        case .month(let z): return v.epoch.map { .int(z.calendar.floor($0, to: .month)) } ?? .null
        case .timeBin(let d, let z): return v.epoch.map { .int(z.calendar.floor($0, to: .timeBin(seconds: d))) } ?? .null
        case .valueBin(let s, _):
            if case .int(let i) = v, s.rounded() == s, abs(s) < 9e15 {
                let w = Int(s)
                let q = i >= 0 ? i / w : -((-(i + 1)) / w) - 1
                let (r, o) = q.multipliedReportingOverflow(by: w)
                if !o { return .int(r) }
            }
            guard let x = v.doubleValue else { return .null }
            let r = BucketCalendar.floor(x, by: s)
            return r.isFinite ? .double(r) : .null
        case .lower: if case .string(let s) = v { return .string(s.lowercased()) }; return .null
        case .upper: if case .string(let s) = v { return .string(s.uppercased()) }; return .null
        case .length: if case .string(let s) = v { return .int(s.count) }; return .null
        case .coalesce: return v
        case .label(let names):
            guard case .int(let code) = v else { return .null }
            return .string(names[code] ?? String(code))
        }
    }
}

extension JSONValue {
    /// A Unix time in whole seconds (decimals floored), when the value is a number in range.
    var epoch: Int? {
        switch self {
        // Beyond ±1e11 s (year 5138) it is not a Unix time, and zone arithmetic could overflow.
        case .int(let i) where i.magnitude < 100_000_000_000: i
        case .double(let d) where d.isFinite && abs(d) < 1e11: Int(d.rounded(.down))
        default: nil
        }
    }
}
