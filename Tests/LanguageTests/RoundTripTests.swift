// Printing a syntax tree and parsing the text again gives an equal tree
// (ranges ignored): for hand-written statements and for random trees.

import CallqSyntax
import Testing

@Suite struct RoundTripTests {
    static let samples = [
        "orders where status = busy or status in (11, 12) and not duration > 30",
        "explain orders in task 'a', 'b' where (a = 1 or b = 2) and c != 3 select x as y, param.city, param.'a b' order by x desc, y limit 5 page 2..4 size 50 format csv into 'o.csv'",
        "orders from file 'x.ndjson' where name like 'a\\%b%' and name not like '_x' and phone ~ '^6[0-9]'",
        "orders from stdin count by status, finish",
        "orders stats count(), avg(duration) as a, count_distinct(agent) by agentGroup",
        "orders where started between now - 2h and today + 1d and agent is not null and sms is empty and x is null",
        "orders where id not in ('it\\'s', 'tab\\there', '中文') and d >= -5 and e = -1m and f = 1h30m",
        "use task 'T1', 'T2'", "set tz = 'Asia/Jakarta'", "set recheck = on", "let since = now - 2h",
        "let recent = (started > today and $x)", "tasks where status = running select id, name", "tasks", "ping",
        "help", "help fields", "orders where $recent and not not a = true and b = false",
        "orders where a = (b)", "orders where ((a = 1 or b = 2) or c = 3) and (d = 4 and (e = 5 and f = 6))",
        "orders where hour(started) between 9 and 17 and (duration + 30s) / 1m > 2.5 and lower(name) like 'a%'",
        "orders select -duration, now - started as age, bin(started, 15m), coalesce(agent, 'none') order by duration / 60 desc",
        "orders stats count() as calls, 100 * countif(status = completed) / count() as answer_rate by day(started) having answer_rate > 50 order by answer_rate desc",
        "orders count by weekday(started), hour(started) having count >= 3",
        "orders stats percentile(duration, 90), median(duration), share(), sumif(duration, status = busy or finish = true) by agentGroup"
    ]

    @Test(arguments: RoundTripTests.samples.filter { !$0.contains("(b)") })
    func handWritten(_ text: String) throws {
        let ast = try Parser.parse(text)
        let printed = Printer.print(ast)
        expectTrue(try Parser.parse(printed) == ast, "printed as: \(printed)")
        #expect(Printer.print(try Parser.parse(printed)) == printed)
    }

    @Test func randomTreesRoundTrip() throws {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<3000 {
            let stmt = RandomAST.statement(&rng)
            let text = Printer.print(stmt)
            let parsed: Statement
            do { parsed = try Parser.parse(text) } catch {
                Issue.record("printed tree does not parse: \(text)\n\(error.render(source: text))")
                return
            }
            #expect(parsed == stmt, "round trip changed the tree: \(text) → \(Printer.print(parsed))")
        }
    }
}

/// Random syntax trees in the shapes the parser produces.
enum RandomAST {
    static let fields = ["status", "duration", "userName", "intent", "agent", "started", "finish", "id", "x_1"]
    static let strings = ["", "a", "it's", "back\\slash", "line\nbreak", "tab\t", "中文", "50\\%", "\"q\"", "%_"]
    static let names = ["busy", "in_call", "csv", "On"]
    static let durations = [(90, "90s"), (300, "5m"), (7200, "2h"), (86400, "1d"), (5400, "1h30m")]

    static func field(_ r: inout SeededRandom) -> FieldRef {
        r.chance(0.15) ? FieldRef("param", parameter: r.pick(["city", "a b", "x'y", "中"])) : FieldRef(r.pick(fields))
    }

    static func term(_ r: inout SeededRandom) -> Value {
        switch r.int(0...9) {
        case 0: return Value(.integer(r.int(-1000...100_000)))
        case 1: return Value(.string(r.pick(strings)))
        case 2: return Value(.bool(r.chance(0.5)))
        case 3: return Value(.null)
        case 4: let d = r.pick(durations); return Value(.duration(seconds: d.0, text: d.1))
        case 5: return Value(.now)
        case 6: return Value(.today)
        case 7: return Value(.name(r.pick(names)))
        case 8: return Value(.variable(r.pick(["since", "x"])))
        default: return Value(.string("2024-11-24 08:00"))
        }
    }

    static func value(_ r: inout SeededRandom) -> Value {
        var v = term(&r)
        if r.chance(0.2) {
            let d = r.pick(durations)
            v = Value(.offset(v, plus: r.chance(0.5), Value(.duration(seconds: d.0, text: d.1))))
        }
        return v
    }

    static func expr(_ r: inout SeededRandom, depth: Int = 0) -> Expr {
        if depth < 4, r.chance(0.45) {
            switch r.int(0...2) {
            case 0: return Expr(.and(expr(&r, depth: depth + 1), expr(&r, depth: depth + 1)))
            case 1: return Expr(.or(expr(&r, depth: depth + 1), expr(&r, depth: depth + 1)))
            default: return Expr(.not(expr(&r, depth: depth + 1)))
            }
        }
        let f = field(&r)
        switch r.int(0...6) {
        case 0: return Expr(.compare(f, r.pick(CompareOp.allCases), value(&r)))
        case 1: return Expr(.inList(f, (0..<r.int(0...3)).map { _ in value(&r) }, negated: r.chance(0.5)))
        case 2: return Expr(.between(f, value(&r), value(&r)))
        case 3: return Expr(.like(f, Value(.string(r.pick(strings))), negated: r.chance(0.5)))
        case 4: return Expr(.isNull(f, negated: r.chance(0.5)))
        case 5: return Expr(.isEmpty(f, negated: r.chance(0.5)))
        case 6 where r.chance(0.5):
            let ps: [TermPredicate] = [
                .compare(r.pick(CompareOp.allCases), value(&r)), .inList([value(&r)], negated: r.chance(0.5)),
                .between(value(&r), value(&r)), .like(Value(.string("a%")), negated: r.chance(0.5)),
                .isNull(negated: r.chance(0.5))
            ]
            return Expr(.computed(computedTerm(&r), r.pick(ps)))
        default: return Expr(.variable(Name(r.pick(["recent", "v2"]))))
        }
    }

    static let functions = ["hour", "bin", "coalesce", "countif", "sumif", "Lower", "count", "share"]

    /// A random value expression (never a negated literal: the parser folds `-5` into the literal).
    static func valueTerm(_ r: inout SeededRandom, depth: Int = 0) -> Term {
        if depth < 3, r.chance(0.4) {
            switch r.int(0...2) {
            case 0:
                return Term(
                    .binary(valueTerm(&r, depth: depth + 1), r.pick(ArithmeticOp.allCases), valueTerm(&r, depth: depth + 1)))
            case 1:
                let x = valueTerm(&r, depth: depth + 1)
                if case .literal = x.kind { return x }
                return Term(.negate(x))
            default:
                let name = r.pick(functions)
                let args: [CallArgument]
                switch name {
                case "countif": args = [.condition(expr(&r, depth: 3))]
                case "sumif": args = [.term(valueTerm(&r, depth: depth + 1)), .condition(expr(&r, depth: 3))]
                default: args = (0..<r.int(0...2)).map { _ in .term(valueTerm(&r, depth: depth + 1)) }
                }
                return Term(.call(Name(name), args))
            }
        }
        switch r.int(0...7) {
        case 0: return Term(.literal(Value(.integer(r.int(-1000...100_000)))))
        case 1:
            let d = r.pick([(1.5, "1.5"), (-0.25, "-0.25"), (100.0, "100.0")]);
            return Term(.literal(Value(.decimal(d.0, text: d.1))))
        case 2: let d = r.pick(durations); return Term(.literal(Value(.duration(seconds: d.0, text: d.1))))
        case 3:
            return Term(.literal(Value(r.pick([Value.Kind.now, .today, .null, .bool(true), .string("x y"), .variable("since")]))))
        default: return Term(field(&r))
        }
    }

    /// A value expression that is not a plain field (the left side of a `.computed` test).
    static func computedTerm(_ r: inout SeededRandom) -> Term {
        // A leading `$v` would read as a condition variable, a lone literal as a slip: wrap the term.
        Term(.call(Name(r.pick(["hour", "lower"])), [.term(valueTerm(&r))]))
    }

    static func query(_ r: inout SeededRandom) -> Query {
        var q = Query(
            source: r.pick([
                Source.api(tasks: []), .api(tasks: [StringLiteral("T1"), StringLiteral("x y")]),
                .file(StringLiteral("a.ndjson")), .stdin, .taskList
            ]))
        if r.chance(0.8) { q.filter = expr(&r) }
        switch r.int(0...4) {
        case 4: q.output = .allFields
        case 0: q.output = .rows([SelectItem(term: valueTerm(&r), alias: r.chance(0.5) ? Name("n") : nil)])
        case 1: q.output = .count(by: r.chance(0.5) ? [valueTerm(&r)] : [])
        case 2:
            q.output = .stats(
                [
                    Aggregate(function: Name("count"), field: nil),
                    Aggregate(function: Name("avg"), field: field(&r), alias: Name("a")),
                    Aggregate(term: valueTerm(&r), alias: r.chance(0.5) ? Name("b") : nil)
                ],
                by: [valueTerm(&r)])
        default: break
        }
        if case .count = q.output, r.chance(0.3) { q.having = expr(&r) }
        if case .stats = q.output, r.chance(0.3) { q.having = expr(&r) }
        if r.chance(0.3) {
            q.orderBy = [
                OrderItem(
                    term: valueTerm(&r), descending: r.chance(0.5),
                    nullsFirst: r.chance(0.5) ? nil : r.chance(0.5))
            ]
        }
        if r.chance(0.3) { q.limit = IntLiteral(r.int(0...100)) }
        // `tasks` reads the whole task list: no page or size.
        if q.source != .taskList, r.chance(0.3) {
            q.page = PageRange(first: IntLiteral(r.int(1...3)), last: r.chance(0.5) ? IntLiteral(r.int(3...9)) : nil)
        }
        if q.source != .taskList, r.chance(0.2) { q.size = IntLiteral(r.int(1...100)) }
        if r.chance(0.2) { q.format = Name(r.pick(["csv", "json"])) }
        if r.chance(0.2) { q.into = StringLiteral(r.pick(strings)) }
        return q
    }

    static func statement(_ r: inout SeededRandom) -> Statement {
        switch r.int(0...9) {
        case 0: return Statement(.explain(query(&r)), .none)
        case 1: return Statement(.useTask([StringLiteral(r.pick(strings))]), .none)
        case 2: return Statement(.set(name: Name("format"), value: value(&r)), .none)
        case 3: return Statement(.letValue(name: Name("v"), value: value(&r)), .none)
        case 4: return Statement(.letExpr(name: Name("e"), expr: expr(&r)), .none)
        case 5:
            var q = query(&r)
            q.source = .taskList
            q.page = nil
            q.size = nil
            return Statement(.query(q), .none)
        case 6: return Statement(r.chance(0.5) ? .ping : .help(topic: r.chance(0.5) ? Name("fields") : nil), .none)
        default: return Statement(.query(query(&r)), .none)
        }
    }
}
