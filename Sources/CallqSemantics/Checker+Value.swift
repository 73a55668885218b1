// Checking values against a field's type: numbers, text, durations, time
// literals (session time zone), now/today arithmetic, enum names and groups,
// and `$variables`. Wrong combinations are type errors with a hint.

import CallqSyntax

/// A value after variables and time arithmetic are resolved, before fitting a field.
enum ResolvedValue {
    case int(Int), number(Double), duration(Int), text(String), bool(Bool), null, time(Int), name(String)

    var describe: String {
        switch self {
        case .int(let n): "the number \(n)"
        case .number(let d): "the number \(d)"
        case .duration(let s): "a duration (\(s) s)"
        case .text(let s): "the text '\(s)'"
        case .bool(let b): "\(b)"
        case .null: "null"
        case .time(let t): "the time \(TimeLiteral.format(t))"
        case .name(let n): "the name `\(n)`"
        }
    }
}

extension Checker {
    /// Resolves variables, now/today and `±` arithmetic.
    mutating func resolveValue(_ v: Value) throws(Diagnostic) -> ResolvedValue {
        switch v.kind {
        case .integer(let n): return .int(n)
        case .decimal(let d, _): return .number(d)
        case .duration(let s, _): return .duration(s)
        case .string(let s): return .text(s)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .now: return .time(Int(context.now.timeIntervalSince1970.rounded(.down)))
        case .today: return .time(TimeLiteral.startOfDay(context.now, timeZone: context.timeZone))
        case .name(let n): return .name(n)
        case .variable(let name):
            guard let variable = context.variables[name] else { throw unknownVariable(name, at: v.range) }
            switch variable {
            case .value(let inner):
                return try substituting(name, at: v.range) { (c: inout Checker) throws(Diagnostic) in try c.resolveValue(inner) }
            case .text(let t):
                // `-D` text: a number, duration, true/false or `now - 2h` is read as such; anything
                // else (names, dates like 2024-11-24) is text, which enum fields also accept as a name.
                if let parsed = try? Parser.parseValue(t), Checker.isPlainDefine(parsed) {
                    return try substituting(name, at: v.range) { (c: inout Checker) throws(Diagnostic) in
                        try c.resolveValue(parsed)
                    }
                }
                return .text(t)
            case .expr:
                throw Diagnostic(
                    .typeMismatch, "`$\(name)` holds a condition, not a value", at: v.range,
                    hint: "use it on its own: `where $\(name) and …`")
            }
        case .offset:
            // `t - 1h - 5m …` is left-nested: resolve the base once, then apply each step in a loop.
            var steps: [(plus: Bool, value: Value)] = []
            var base = v
            while case .offset(let l, let plus, let r) = base.kind { steps.append((plus, r)); base = l }
            var acc = try resolveValue(base)
            var left = base
            for step in steps.reversed() {
                acc = try applyOffset(acc, left: left, plus: step.plus, step.value)
                left = Value(left.kind, left.range.union(step.value.range))
            }
            return acc
        }
    }

    /// `a ± b` where `a` is already resolved: times and numbers move by a duration.
    mutating func applyOffset(_ ra: ResolvedValue, left a: Value, plus: Bool, _ b: Value) throws(Diagnostic) -> ResolvedValue {
        do {
            let rb = try resolveValue(b)
            let step: Int
            switch rb {
            case .duration(let s), .int(let s): step = s
            default:
                throw Diagnostic(
                    .typeMismatch, "`\(plus ? "+" : "-")` needs a duration on its right, not \(rb.describe)",
                    at: b.range, hint: "write `now - 2h`")
            }
            // Huge operands (`now + 9223372036854775807`, `$min - 1`) would overflow: an error, not a trap.
            func moved(_ x: Int) throws(Diagnostic) -> Int {
                let (r, overflow) = plus ? x.addingReportingOverflow(step) : x.subtractingReportingOverflow(step)
                guard !overflow else {
                    throw Diagnostic(
                        .invalidNumber, "`\(plus ? "+" : "-") \(Printer.print(b))` takes the value out of range",
                        at: a.range.union(b.range), hint: "numbers and times stay within ±9223372036854775807")
                }
                return r
            }
            switch ra {
            case .time(let t): return .time(try moved(t))
            case .text(let s):
                guard let t = TimeLiteral.parse(s, timeZone: context.timeZone) else { throw invalidTime(s, at: a.range) }
                return .time(try moved(t))
            case .duration(let s):
                if case .duration = rb { return .duration(try moved(s)) }
                return .int(try moved(s))
            case .int(let n): return .int(try moved(n))
            default:
                throw Diagnostic(
                    .typeMismatch, "`\(plus ? "+" : "-")` needs a time or a number on its left, not \(ra.describe)",
                    at: a.range, hint: "write `now - 2h` or `'2024-11-24' + 8h`")
            }
        }
    }

    static func isPlainDefine(_ v: Value) -> Bool {
        switch v.kind {
        case .integer, .duration, .bool, .now, .today: return true
        case .offset(let a, _, let b):
            if case .duration = b.kind, [.now, .today].contains(a.kind) { return true }
            return false
        default: return false
        }
    }

    func invalidTime(_ s: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(
            .invalidTime, "'\(s)' is not a time", at: range,
            hint: "write '2024-11-24', '2024-11-24 08:00', '2024-11-24T08:00:00Z', now, today or now - 2h")
    }

    /// The value converted for field `f` (an enum group gives several codes).
    mutating func scalars(_ v: Value, for f: Field, ref: FieldRef) throws(Diagnostic) -> [Scalar] {
        try scalars(v, type: f.type, name: ref.text)
    }

    /// The value converted for a value of `type` (`name` is how messages call it).
    mutating func scalars(_ v: Value, type: FieldType, name: String) throws(Diagnostic) -> [Scalar] {
        var r = try resolveValue(v)
        let refText = name
        func mismatch(_ hint: String?) -> Diagnostic {
            Diagnostic(
                .typeMismatch, "`\(refText)` is \(type); it cannot be compared with \(r.describe)",
                at: v.range, hint: hint)
        }
        if case .null = r {
            throw Diagnostic(.typeMismatch, "nothing equals null", at: v.range, hint: "write `\(refText) is null`")
        }
        // A whole decimal (`2.0`) is the integer; other decimals compare as numbers.
        if case .number(let d) = r {
            if d.rounded() == d, abs(d) < 9e15 {
                r = .int(Int(d))
            } else if [.integer, .seconds, .time].contains(type) {
                return [.number(d)]
            }
        }
        switch type {
        case .text:
            switch r {
            case .text(let s): return [.text(s)]
            case .int(let n): throw mismatch("quote it: '\(n)'")
            case .name(let n):
                throw Diagnostic(
                    .unknownValue, "`\(n)` is not a value for `\(refText)` (text)", at: v.range,
                    hint: "quote it: '\(n)'")
            default: throw mismatch(nil)
            }
        case .integer, .seconds:
            switch r {
            case .int(let n): return [.int(n)]
            case .duration(let s) where type == .seconds: return [.int(s)]
            case .text(let s): throw mismatch(Int(s) != nil ? "write the number without quotes: \(s)" : nil)
            case .name(let n):
                throw Diagnostic(
                    .unknownValue, "`\(n)` is not a value for `\(refText)` (\(type))", at: v.range,
                    hint: type == .seconds ? "write a number of seconds or a duration like 90s" : "write a number")
            default: throw mismatch(type == .seconds ? "write a number of seconds or a duration like 90s" : nil)
            }
        case .number:
            switch r {
            case .int(let n): return [.number(Double(n))]
            case .number(let d): return [.number(d)]
            case .text(let s): throw mismatch(Double(s) != nil ? "write the number without quotes: \(s)" : nil)
            default: throw mismatch("write a number")
            }
        case .time:
            switch r {
            case .int(let n): return [.int(n)]
            case .time(let t): return [.int(t)]
            case .text(let s):
                guard let t = TimeLiteral.parse(s, timeZone: context.timeZone) else { throw invalidTime(s, at: v.range) }
                return [.int(t)]
            case .duration: throw mismatch("a time is needed; write `now - 2h` for two hours ago")
            default: throw mismatch("write a time like '2024-11-24 08:00', now or today")
            }
        case .enumeration(let e):
            switch r {
            case .int(let n): return [.int(n)]
            case .name(let n), .text(let n):
                if let codes = e.codes(for: n) { return codes.map { .int($0) } }
                throw Diagnostic(
                    .unknownValue, "unknown \(e.name) `\(n)`", at: v.range,
                    hint: EditDistance.suggest(CatalogEnum.normalize(n), among: e.allNames).map { "did you mean `\($0)`?" }
                        ?? "names: " + e.allNames.joined(separator: ", "))
            default: throw mismatch("write a name like \(e.allNames.first ?? "") or a code")
            }
        case .bool:
            switch r {
            case .bool(let b): return [.bool(b)]
            default: throw mismatch("write true or false")
            }
        }
    }

    /// One scalar (for ordering tests and `between`).
    mutating func single(_ v: Value, for f: Field, ref: FieldRef, op: String) throws(Diagnostic) -> Scalar {
        let s = try scalars(v, for: f, ref: ref)
        guard s.count == 1 else {
            throw Diagnostic(
                .typeMismatch, "`\(Printer.print(v))` stands for several codes; `\(op)` needs one",
                at: v.range, hint: "use `in` with groups")
        }
        return s[0]
    }

    /// A text value (like patterns, regexes).
    mutating func textValue(_ v: Value, for op: String) throws(Diagnostic) -> String {
        let r = try resolveValue(v)
        guard case .text(let s) = r else {
            throw Diagnostic(
                .typeMismatch, "`\(op)` needs a quoted pattern, not \(r.describe)", at: v.range,
                hint: "write \(op) '%text%'")
        }
        return s
    }
}
