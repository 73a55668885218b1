// Prints a checked expression back in callq syntax (for explain): canonical
// field names, enum codes by name where the name is unique, times as UTC
// ISO literals, `not (F = V)` as `F != V`.

import CallqSyntax

extension CheckedExpr {
    /// The expression as callq text that parses and checks to the same meaning.
    public var callqText: String { text(minPrecedence: 0) }

    var precedence: Int {
        switch self {
        case .or(let xs): xs.count > 1 ? 1 : 4
        case .and(let xs): xs.count > 1 ? 2 : 4
        case .not(.test), .not(.termTest): 4
        case .not: 3
        default: 4
        }
    }

    func text(minPrecedence p: Int) -> String {
        let s: String
        switch self {
        case .and(let xs): s = xs.map { $0.text(minPrecedence: 3) }.joined(separator: " and ")
        case .or(let xs): s = xs.map { $0.text(minPrecedence: 2) }.joined(separator: " or ")
        case .not(.test(let t)):
            switch t.op {
            case .eq(let v): s = "\(t.fieldText) != \(t.valueText(v))"
            case .oneOf(let vs): s = "\(t.fieldText) not in (\(vs.map(t.valueText).joined(separator: ", ")))"
            case .like(let pat): s = "\(t.fieldText) not like \(Printer.quote(pat.source))"
            case .isNull: s = "\(t.fieldText) is not null"
            case .isEmpty: s = "\(t.fieldText) is not empty"
            default: s = "not " + t.text
            }
        case .not(.termTest(let t)):
            switch t.op {
            case .eq(let v): s = "\(t.term.callqText) != \(FieldTest.valueText(v, type: t.type))"
            case .oneOf(let vs):
                s = "\(t.term.callqText) not in (\(vs.map { FieldTest.valueText($0, type: t.type) }.joined(separator: ", ")))"
            case .like(let pat): s = "\(t.term.callqText) not like \(Printer.quote(pat.source))"
            case .isNull: s = "\(t.term.callqText) is not null"
            default: s = "not " + t.text
            }
        case .not(let x): s = "not " + x.text(minPrecedence: 3)
        case .test(let t): s = t.text
        case .termTest(let t): s = t.text
        case .constant(let b): s = b ? "(always true)" : "(always false)"
        }
        return precedence >= p ? s : "(\(s))"
    }
}

extension FieldTest {
    var fieldText: String { field.callqText }

    func valueText(_ v: Scalar) -> String { FieldTest.valueText(v, type: field.type) }

    /// A scalar as callq text for a value of `type`.
    static func valueText(_ v: Scalar, type: FieldType) -> String {
        switch (v, type) {
        case (.int(let n), .enumeration(let e)): return e.uniqueName(of: n) ?? String(n)
        // Times beyond year 9999 (or before year 0) have no literal: the epoch seconds stand for them.
        case (.int(let n), .time): return TimeLiteral.formattable.contains(n) ? Printer.quote(TimeLiteral.format(n)) : String(n)
        case (.int(let n), _): return String(n)
        case (.text(let s), _): return Printer.quote(s)
        case (.bool(let b), _): return b ? "true" : "false"
        case (.number(let d), _): return d.rounded() == d && abs(d) < 9e15 ? String(Int(d)) : String(d)
        }
    }

    /// The test as callq text.
    public var text: String { TermTest.text(fieldText, op) { valueText($0) } }
}

extension TermTest {
    /// The test as callq text.
    public var text: String {
        let t = type
        return TermTest.text(term.text(minPrecedence: 1), op) { FieldTest.valueText($0, type: t) }
    }

    static func text(_ f: String, _ op: TestOp, _ valueText: (Scalar) -> String) -> String {
        switch op {
        case .eq(let v): return "\(f) = \(valueText(v))"
        case .lt(let v): return "\(f) < \(valueText(v))"
        case .le(let v): return "\(f) <= \(valueText(v))"
        case .gt(let v): return "\(f) > \(valueText(v))"
        case .ge(let v): return "\(f) >= \(valueText(v))"
        case .oneOf(let vs): return "\(f) in (\(vs.map(valueText).joined(separator: ", ")))"
        case .between(let a, let b): return "\(f) between \(valueText(a)) and \(valueText(b))"
        case .like(let p): return "\(f) like \(Printer.quote(p.source))"
        case .regex(let r): return "\(f) ~ \(Printer.quote(r.pattern))"
        case .isNull: return "\(f) is null"
        case .isEmpty: return "\(f) is empty"
        }
    }
}

extension Field {
    /// The field as callq text: its canonical name, or `param.NAME` quoted as needed.
    public var callqText: String {
        if name.hasPrefix("param.") { return FieldRef("param", parameter: String(name.dropFirst(6))).text }
        return name
    }
}
