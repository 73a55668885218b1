// 100,000 random and mutated inputs: the splitter, lexer, parser, checker and
// planner never crash or hang, and every input gives a statement or a
// diagnostic whose position lies inside the input.

import CallqPlanner
import CallqSemantics
import CallqSyntax
import Testing

@Suite struct RobustnessTests {
    static let seeds = [
        "orders where status in (busy, 11) and duration > 30 page 1..5",
        "explain orders in task 'a' where (intent = 'x' or intentTag in ('a','b')) and not finish = true count by status",
        "orders from file 'a.ndjson' where name like '%a_' and phone ~ '^6' select id as i, param.city order by id desc limit 3",
        "orders where started between now - 2h and today and agent is not null and sms is empty stats avg(duration) by agent",
        "let x = (turns > 3 and status = failed); set tz = 'UTC'; use task 'T'; tasks where status = running; help fields",
        "orders where $x and duration between 1m and 1h30m format csv into 'o.csv' size 10"
    ]
    static let fragments = [
        "(", ")", "'", "\"", "\\", "$", "..", "-", "--", "#", ";", ",", " and ", " or ", " not ",
        "=", "!=", "<>", " in ", " like ", " between ", " is ", "null", "\n", "  ", "9999999999999999999999",
        "1h", "5x", "中文", "\u{0}", "param.", "orders", "where"
    ]

    @Test func hundredThousandInputs() async {
        // Four seeded chunks of 25,000 run in parallel.
        let counts = await withTaskGroup(of: (Int, Int).self) { group in
            for chunk in 0..<4 { group.addTask { RobustnessTests.chunk(seed: 7 + UInt64(chunk), count: 25_000) } }
            var total = (0, 0)
            for await c in group { total.0 += c.0; total.1 += c.1 }
            return total
        }
        #expect(counts.0 + counts.1 == 100_000)
        #expect(counts.0 > 1000)
    }

    /// Runs `count` random inputs; returns (statements, diagnostics).
    static func chunk(seed: UInt64, count: Int) -> (Int, Int) {
        var rng = SeededRandom(seed: seed)
        var parsed = 0, diagnosed = 0
        for i in 0..<count {
            let input: String
            switch i % 100 == 99 ? 4 : i % 4 {
            case 0:  // random bytes
                let bytes = (0..<rng.int(0...40)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                input = String(decoding: bytes, as: UTF8.self)
            case 1:  // truncation
                let s = rng.pick(RobustnessTests.seeds)
                input = String(s.prefix(rng.int(0...s.count)))
            case 2:  // mutation: insert, delete or replace at random places
                var chars = Array(rng.pick(RobustnessTests.seeds))
                for _ in 0..<rng.int(1...4) {
                    let at = rng.int(0...chars.count)
                    switch rng.int(0...2) {
                    case 0: chars.insert(contentsOf: rng.pick(RobustnessTests.fragments), at: at)
                    case 1: if at < chars.count { chars.remove(at: at) }
                    default: if at < chars.count { chars[at] = rng.pick(Array("()'\"$-=<>!~,;.\\ az09")) }
                    }
                }
                input = String(chars)
            case 3:  // random token soup
                input = (0..<rng.int(0...25)).map { _ in rng.pick(RobustnessTests.fragments + ["status", "busy", "30", "'x'"]) }
                    .joined(separator: rng.chance(0.5) ? " " : "")
            default:  // deep nesting and long chains (1 in 100: they are long to lex)
                let n = rng.int(1...400)
                switch rng.int(0...3) {
                case 0: input = "orders where " + String(repeating: "(", count: n) + "a = 1" + String(repeating: ")", count: n)
                case 1: input = "orders where " + String(repeating: "not ", count: n) + "status = busy"
                case 2: input = "orders where " + Array(repeating: "status = busy", count: n).joined(separator: " or ")
                default: input = "orders where started > now" + String(repeating: " - 1h", count: n)
                }
            }
            if run(input, full: i % 10 == 0) { parsed += 1 } else { diagnosed += 1 }
        }
        return (parsed, diagnosed)
    }

    /// Splits and parses (and when `full`, checks, plans and explains); true when a statement
    /// came through, false for a diagnostic.
    static func run(_ input: String, full: Bool) -> Bool {
        _ = ScriptSplitter.isComplete(input)
        _ = ScriptSplitter.split(input)
        let lines = input.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count
        do {
            let stmt = try Parser.parse(input)
            guard full else { return true }
            switch try Checker.check(stmt, context: T.context) {
            case .query(let q), .explain(let q): _ = try Planner.plan(q).explain()
            default: break
            }
            _ = Printer.print(stmt)
            return true
        } catch {
            if error.range.start.line < 1 || error.range.start.line > max(1, lines) || error.render(source: input).isEmpty {
                Issue.record("bad diagnostic position \(error.range) for \(input.debugDescription)")
            }
            return false
        }
    }

    @Test func deepNestingIsADiagnostic() {
        let deep = "orders where " + String(repeating: "(", count: 100_000) + "a = 1" + String(repeating: ")", count: 100_000)
        #expect(T.error(deep)?.kind == .tooDeep)
        let chain = "orders where " + Array(repeating: "id = 'a'", count: 5000).joined(separator: " or ")
        #expect(T.error(chain)?.kind == .tooDeep)
    }
}
