// Checking calls: the scalar functions of SPEC §9.1 (argument count and types,
// `bin` steps in range) and the aggregates of §3.2/§9.2 (their arguments,
// conditions and percent, and the kind of their result).

import CallqResult
import CallqSyntax

extension Checker {
    /// A scalar function call.
    mutating func checkFunction(_ lower: String, name: Name, args: [CallArgument], range: SourceRange) throws(Diagnostic)
        -> CheckedTerm
    {
        guard TermFunction.names.contains(lower) else {
            let all = LanguageCatalog.functions.map(\.name)
            if statsScope != nil {
                throw Diagnostic(
                    .unknownFunction, "unknown aggregate `\(name.text)`", at: name.range,
                    hint: EditDistance.suggest(lower, among: all).map { "did you mean `\($0)`?" }
                        ?? "aggregates: "
                        + LanguageCatalog.functions.filter { $0.kind == .aggregate }
                        .map(\.signature).joined(separator: ", "))
            }
            throw Diagnostic(
                .unknownFunction, "unknown function `\(name.text)`", at: name.range,
                hint: EditDistance.suggest(lower, among: all).map { "did you mean `\($0)`?" }
                    ?? "functions: " + TermFunction.names.joined(separator: ", "))
        }
        var terms: [(ast: Term, term: CheckedTerm)] = []
        for a in args {
            guard case .term(let t) = a else { continue }
            terms.append((t, try checkTerm(t)))
        }
        func arity(_ n: Int, _ what: String) throws(Diagnostic) {
            guard terms.count == n else {
                throw Diagnostic(
                    .invalidClause, "`\(lower)` takes \(n) argument\(n == 1 ? "" : "s") (\(what)), not \(terms.count)",
                    at: range, hint: "write `\(lower)(\(what))`")
            }
        }
        func need(_ i: Int, _ classes: [TermClass], _ what: String) throws(Diagnostic) -> TermClass {
            let c = TermClass(terms[i].term.kind)
            guard classes.contains(c) || c == .null else {
                throw Diagnostic(
                    .typeMismatch, "`\(lower)` needs \(what); `\(Printer.print(terms[i].ast))` is \(c.describe)",
                    at: terms[i].ast.range)
            }
            return c
        }
        let multi = terms.contains { $0.term.isMulti }
        let z = zone()
        switch lower {
        case "hour", "weekday", "day", "week", "month":
            try arity(1, "a time")
            _ = try need(0, [.time], "a time")
            let (f, kind): (TermFunction, ColumnKind) =
                switch lower {
                case "hour": (.hour(z), .bucket(.integer, .hourOfDay))
                case "weekday": (.weekday(z), .weekday)
                case "day": (.day(z), .bucket(.time, .day))
                case "week": (.week(z), .bucket(.time, .week))
                default: (.month(z), .bucket(.time, .month))
                }
            return .function(f, [terms[0].term], Checker.listed(kind, multi))
        case "bin":
            try arity(2, "a value, a step")
            let c = try need(0, [.time, .seconds, .integer, .number], "a time, seconds or a number")
            guard case .constant(let sv, let sk, let stext) = terms[1].term, let step = sv.doubleValue else {
                throw Diagnostic(
                    .typeMismatch, "the step of `bin` must be a literal: a duration like 15m, or a number",
                    at: terms[1].ast.range)
            }
            let stepClass = TermClass(sk)
            if c == .time {
                guard stepClass == .seconds || stepClass == .integer else {
                    throw Diagnostic(.typeMismatch, "`bin` of a time needs a duration step like 15m", at: terms[1].ast.range)
                }
                guard (1...86400).contains(step) else {
                    throw Diagnostic(
                        .invalidClause, "`bin` step \(stext) is out of range for a time: 1s to 1d", at: terms[1].ast.range,
                        hint: "for longer buckets use day(…), week(…) or month(…)")
                }
                let d = Int(step)
                return .function(
                    .timeBin(seconds: d, z), [terms[0].term], Checker.listed(.bucket(.time, .timeBin(seconds: d)), multi))
            }
            guard stepClass != .time, step > 0 else {
                throw Diagnostic(.invalidClause, "the step of `bin` must be greater than 0", at: terms[1].ast.range)
            }
            var inner = c.kind
            if c == .integer, step.rounded() != step { inner = .number }
            if c == .null { inner = .number }
            return .function(
                .valueBin(step, text: stext), [terms[0].term], Checker.listed(.bucket(inner, .valueBin(step)), multi))
        case "lower", "upper", "length":
            try arity(1, "text")
            _ = try need(0, [.text], "text")
            let f: TermFunction = lower == "lower" ? .lower : lower == "upper" ? .upper : .length
            return .function(f, [terms[0].term], Checker.listed(lower == "length" ? .integer : .text, multi))
        case "label":
            try arity(1, "an enum field")
            guard case .enumeration(let names) = terms[0].term.kind.element else {
                throw Diagnostic(
                    .typeMismatch,
                    "`label` needs an enum field (status, agentCallStatus …); `\(Printer.print(terms[0].ast))` is "
                        + TermClass(terms[0].term.kind).describe, at: terms[0].ast.range,
                    hint: "enum fields: help statuses")
            }
            return .function(.label(names), [terms[0].term], Checker.listed(.text, multi))
        default:  // coalesce
            guard !terms.isEmpty else {
                throw Diagnostic(
                    .invalidClause, "`coalesce` takes at least one argument", at: range, hint: "write `coalesce(agent, 'none')`")
            }
            var kind: ColumnKind?
            var cls: TermClass = .null
            for t in terms {
                let c = TermClass(t.term.kind)
                if c == .null { continue }
                if cls == .null { cls = c; kind = t.term.kind.element; continue }
                if c == cls { continue }
                if c.isNumber && cls.isNumber { cls = .number; kind = .number; continue }
                throw Diagnostic(
                    .typeMismatch,
                    "`coalesce` needs arguments of one type; `\(Printer.print(t.ast))` is \(c.describe), "
                        + "the first is \(cls.describe)", at: t.ast.range)
            }
            return .function(.coalesce, terms.map(\.term), Checker.listed(kind ?? .json, multi))
        }
    }

    /// An aggregate call inside a `stats` item (its arguments read records).
    mutating func checkAggregate(_ fn: AggregateFunction, name: Name, args: [CallArgument], range: SourceRange) throws(Diagnostic)
        -> CheckedAggregate
    {
        let lower = fn.rawValue
        let written = Checker.columnName(Term(.call(name, args), range))
        inAggregate = true
        defer { inAggregate = false }
        func arity(_ n: Int, _ what: String) throws(Diagnostic) {
            guard args.count == n else {
                throw Diagnostic(
                    .invalidClause,
                    "`\(lower)` takes \(n == 0 ? "no arguments" : "\(n) argument\(n == 1 ? "" : "s") (\(what))"), not \(args.count)",
                    at: range, hint: "write `\(lower)(\(what))`")
            }
        }
        func term(_ i: Int) throws(Diagnostic) -> (Term, CheckedTerm) {
            guard case .term(let t) = args[i] else { throw Diagnostic(.typeMismatch, "expected a value", at: args[i].range) }
            return (t, try checkTerm(t))
        }
        func condition(_ i: Int) throws(Diagnostic) -> CheckedExpr {
            guard case .condition(let e) = args[i] else {
                throw Diagnostic(.typeMismatch, "expected a condition", at: args[i].range)
            }
            return try checkExpr(e, topLevel: false)
        }
        func numeric(_ t: Term, _ c: CheckedTerm) throws(Diagnostic) -> TermClass {
            let k = TermClass(c.kind)
            guard [.integer, .number, .seconds, .time, .null].contains(k) else {
                throw Diagnostic(
                    .typeMismatch, "`\(lower)` needs a number, seconds or a time; `\(Printer.print(t))` is \(k.describe)",
                    at: t.range, hint: "use count_distinct(\(Printer.print(t))) or count() by \(Printer.print(t))")
            }
            return k
        }
        /// sum: seconds stay seconds; avg: seconds and times stay what they are.
        func sumKind(_ c: CheckedTerm, average: Bool) -> ColumnKind {
            let k = TermClass(c.kind)
            if k == .seconds { return .seconds }
            if k == .time && average { return .time }
            return .number
        }
        switch fn {
        case .count:
            if args.isEmpty { return CheckedAggregate(function: .count, argument: nil, name: written, kind: .integer) }
            try arity(1, "F")
            return CheckedAggregate(function: .count, argument: try term(0).1, name: written, kind: .integer)
        case .share:
            try arity(0, "")
            return CheckedAggregate(function: .share, argument: nil, name: written, kind: .number)
        case .countif:
            try arity(1, "COND")
            return CheckedAggregate(function: .countif, argument: nil, condition: try condition(0), name: written, kind: .integer)
        case .countDistinct:
            try arity(1, "F")
            return CheckedAggregate(function: fn, argument: try term(0).1, name: written, kind: .integer)
        case .sum, .avg:
            try arity(1, "F")
            let (t, c) = try term(0)
            _ = try numeric(t, c)
            return CheckedAggregate(function: fn, argument: c, name: written, kind: sumKind(c, average: fn == .avg))
        case .sumif, .avgif:
            try arity(2, "X, COND")
            let (t, c) = try term(0)
            _ = try numeric(t, c)
            return CheckedAggregate(
                function: fn, argument: c, condition: try condition(1), name: written,
                kind: sumKind(c, average: fn == .avgif))
        case .min, .max:
            try arity(1, "F")
            let (t, c) = try term(0)
            if TermClass(c.kind) == .bool {
                throw Diagnostic(
                    .typeMismatch, "`\(lower)` needs an ordered value; `\(Printer.print(t))` is true/false", at: t.range)
            }
            return CheckedAggregate(function: fn, argument: c, name: written, kind: c.kind.element)
        case .median, .percentile:
            try arity(fn == .median ? 1 : 2, fn == .median ? "X" : "X, P")
            let (t, c) = try term(0)
            _ = try numeric(t, c)
            var p = 50.0
            if fn == .percentile {
                let (pt, pc) = try term(1)
                guard case .constant(let v, _, _) = pc, let n = v.doubleValue, (0...100).contains(n) else {
                    throw Diagnostic(
                        .typeMismatch, "the percent of `percentile` must be a number from 0 to 100", at: pt.range,
                        hint: "write `percentile(duration, 90)`")
                }
                p = n
            }
            return CheckedAggregate(function: fn, argument: c, percent: p, name: written, kind: c.kind.element)
        }
    }
}
