// Round trips the query harness checks: a printed syntax tree parses back to
// the same tree, and a checked filter printed as callq text (what explain
// shows) checks back to the same filter.

import CallqSemantics
import CallqSyntax

extension QueryFuzz {
    /// `Printer.print` gives text that parses to an equal tree and prints the same again.
    mutating func roundTrip(_ stmt: Statement) {
        let printed = Printer.print(stmt)
        do {
            let again = try Parser.parse(printed)
            findings.expect(
                again == stmt,
                "printer: \(printed.debugDescription) parses to another tree, printed "
                    + Printer.print(again).debugDescription)
            findings.expect(
                Printer.print(again) == printed,
                "printer: printing \(printed.debugDescription) again gives "
                    + Printer.print(again).debugDescription)
        } catch {
            findings.expect(false, "printer: \(printed.debugDescription) does not parse: \(error)")
        }
    }

    /// A query's filter as explain prints it checks back to the same filter.
    mutating func recheck(_ q: CheckedQuery) {
        guard let f = q.filter, !QueryFuzz.hasConstant(f) else { return }
        let noun = q.unit.rawValue
        let source =
            switch q.source {
            case .api: noun
            case .mirror: noun + " from mirror"
            case .taskList: "tasks"
            case .file, .stdin: "orders from stdin"
            }
        let again = recheck("\(source) where \(f.callqText)") { c in
            if case .query(let q2) = c { q2.filter } else { nil }
        }
        if let again { findings.expect(again == f, "explain: \(f.callqText.debugDescription) checks to another filter") }
    }

    mutating func recheck(_ text: String, _ filter: (CheckedStatement) -> CheckedExpr?) -> CheckedExpr? {
        do {
            let f = filter(try Checker.check(text, context: context))
            findings.expect(f != nil, "explain: \(text.debugDescription) checks to another statement")
            return f
        } catch {
            findings.expect(false, "explain: \(text.debugDescription) does not check: \(error)")
            return nil
        }
    }

    /// `(always true)` / `(always false)` are shown to people, not meant to parse.
    static func hasConstant(_ e: CheckedExpr) -> Bool {
        switch e {
        case .constant: return true
        case .and(let xs), .or(let xs): return xs.contains(where: hasConstant)
        case .not(let x): return hasConstant(x)
        case .test, .termTest: return false
        }
    }
}
