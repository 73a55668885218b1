// The planner's promise (SPEC §4): for random well-typed filters, the orders
// the plan's requests return (per the reference option filter) that pass the
// residual are exactly the orders the whole filter accepts.

import CallbotAPI
import CallqJSON
import CallqPlanner
import CallqSemantics
import CallqSyntax
import PropertyBased
import Testing

/// A random filter: top-level `turns` conjuncts plus an expression tree.
struct GenFilter: Sendable, CustomStringConvertible {
    indirect enum Node: Sendable {
        case and(Node, Node), or(Node, Node), not(Node), atom(String)
        var text: String {
            switch self {
            case .and(let a, let b): "(\(a.text) and \(b.text))"
            case .or(let a, let b): "(\(a.text) or \(b.text))"
            case .not(let a): "not \(a.text)"
            case .atom(let s): s
            }
        }
        var size: Int {
            switch self {
            case .and(let a, let b), .or(let a, let b): 1 + a.size + b.size
            case .not(let a): 1 + a.size
            case .atom: 1
            }
        }
        /// Smaller trees that keep part of this one.
        var shrunk: [Node] {
            switch self {
            case .and(let a, let b), .or(let a, let b):
                [a, b] + a.shrunk.map { Node.and($0, b) } + b.shrunk.map { Node.and(a, $0) }
            case .not(let a): [a] + a.shrunk.map { .not($0) }
            case .atom: []
            }
        }
    }
    var turns: [String]
    var node: Node
    /// Which slice of the order pool this filter is checked against.
    var window: Int

    var description: String { (turns + [node.text]).joined(separator: " and ") }

    static let atoms: [@Sendable (inout SeededRandom) -> String] = [
        { r in
            "status \(r.pick(["=", "!="])) \(r.pick(["busy", "rejected", "failed", "in_progress", "ended", "completed", "6", "99", "7"]))"
        },
        { r in
            "status \(r.pick(["in", "not in"])) (\((0..<r.int(0...3)).map { _ in r.pick(["busy", "11", "rejected", "ready", "in_call", "25"]) }.joined(separator: ", ")))"
        },
        { r in
            "duration \(r.pick(["=", "!=", "<", "<=", ">", ">="])) \(r.pick(["0", "1", "30", "45", "90s", "2m", "400", "-1", "1h"]))"
        },
        { r in "duration between \(r.int(-5...300)) and \(r.int(-5...450))" },
        { r in
            let op = r.pick(["=", "!=", "in", "not in"]), v = r.pick(["true", "false"])
            return "finish \(op) \(op.hasSuffix("in") ? "(\(v))" : v)"
        },
        { r in "id \(r.pick(["=", "!="])) 'o\(r.int(0...60))'" },
        { r in "id in (\((0..<r.int(1...6)).map { _ in "'o\(r.int(0...60))'" }.joined(separator: ", ")))" },
        { r in "\(r.pick(["intent", "intentName"])) \(r.pick(["=", "!="])) '\(r.pick(RandomOrders.intentNames + ["nope"]))'" },
        { r in "intent in ('interested', '价格', 'nope')" },
        { r in r.pick(["intentTag = 'A'", "intentTag in ('B', 'C')", "intentTag != 'B'"]) },
        { r in "intentID = 'i\(r.int(0...5))'" },
        { r in
            "\(r.pick(["intent", "sms", "agent", "name", "status", "duration", "finish", "param.city"])) is \(r.pick(["", "not "]))\(r.pick(["null", "empty"]))"
        },
        { r in "name \(r.pick(["like", "not like"])) '\(r.pick(["ann%", "%lee", "_ob", "%", "张%"]))'" },
        { r in "phone ~ '\(r.pick(["^62", "9$", "1[0-9]"]))'" },
        { r in "agent \(r.pick(["=", "!="])) '\(r.pick(RandomOrders.agents))'" },
        { r in "agentCallStatus = \(r.pick(["connected", "failed", "ended", "1"]))" },
        { r in "started \(r.pick(["<", ">="])) '2024-11-\(r.int(24...26))'" },
        { r in "param.city = '\(r.pick(["Jakarta", "Bandung"]))'" },
        { r in "task = 'T1'" }
    ]

    static func node(_ r: inout SeededRandom, depth: Int) -> Node {
        if depth < 4, r.chance(0.55) {
            switch r.int(0...4) {
            case 0, 1: return .and(node(&r, depth: depth + 1), node(&r, depth: depth + 1))
            case 2, 3: return .or(node(&r, depth: depth + 1), node(&r, depth: depth + 1))
            default: return .not(node(&r, depth: depth + 1))
            }
        }
        return .atom(r.pick(atoms)(&r))
    }

    static var generator: Generator<GenFilter, [GenFilter]> {
        Generator(
            run: { rng in
                var r = SeededRandom(seed: rng.next())
                var turns: [String] = []
                if r.chance(0.25) { turns.append("turns \(r.pick(["=", "<", "<=", ">", ">="])) \(r.int(0...10))") }
                if r.chance(0.1) { turns.append("turns between \(r.int(0...5)) and \(r.int(3...10))") }
                // Top-level conjuncts are what pushdown works on: often start with an `and`.
                var n = node(&r, depth: 0)
                if r.chance(0.5) { n = .and(node(&r, depth: 2), n) }
                return GenFilter(
                    turns: turns, node: n, window: r.int(0...(PushdownPropertyTests.poolSize - PushdownPropertyTests.windowSize)))
            },
            shrink: { f in
                var out: [GenFilter] = []
                for i in f.turns.indices { var g = f; g.turns.remove(at: i); out.append(g) }
                out += f.node.shrunk.map { GenFilter(turns: f.turns, node: $0, window: f.window) }
                return out
            })
    }
}

@Suite struct PushdownPropertyTests {
    static let poolSize = 4000
    /// Orders each filter is checked on (a slice of the pool, to keep debug builds quick).
    static let windowSize = 400
    static let samples = RandomOrders.make(count: poolSize, seed: 2024)
    static let oracle = samples.map(RandomOrders.withTurns)

    /// The orders the plan returns, by index: any request matches, then the residual.
    static func planned(_ plan: Plan, _ window: Range<Int>) -> Set<Int> {
        var out = Set<Int>()
        for task in plan.tasks {
            for i in window {
                let s = samples[i]
                guard case .string(task.userTaskID)? = s.order["userTaskID"] else { continue }
                if task.requests.contains(where: { ReferenceOptionFilter.matches($0, order: s.order, turns: s.turns) }),
                    plan.residual?.evaluate(s.order) ?? true
                {
                    out.insert(i)
                }
            }
        }
        return out
    }

    static func check(_ f: GenFilter, settings: PlanSettings) {
        let text = "orders where " + f.description
        let plan: Plan
        let filter: CheckedExpr
        do {
            guard case .query(let q) = try Checker.check(text, context: T.context), let e = q.filter else {
                Issue.record("no filter: \(text)")
                return
            }
            filter = e
            plan = try Planner.plan(q, settings: settings)
        } catch {
            Issue.record("generated filter does not check: \(error.render(source: text))")
            return
        }
        let window = f.window..<(f.window + windowSize)
        var expected = Set<Int>()
        for i in window where filter.evaluate(oracle[i]) { expected.insert(i) }
        let actual = planned(plan, window)
        // A pushed count is the sum of the requests' totals: it must equal the true count.
        if case .query(let cq)? = try? Checker.check(text + " count", context: T.context),
            let countPlan = try? Planner.plan(cq, settings: settings),
            case .pushedTotal = countPlan.count
        {
            var total = 0
            for task in countPlan.tasks {
                for r in task.requests {
                    for i in window where ReferenceOptionFilter.matches(r, order: samples[i].order, turns: samples[i].turns) {
                        total += 1
                    }
                }
            }
            #expect(total == expected.count, "pushed count \(total) != \(expected.count) for \(text) count")
        }
        #expect(
            actual == expected,
            """
            pushdown changed the answer for: \(text)
            \(plan.explain())only via plan: \(actual.subtracting(expected).sorted().prefix(5).map { samples[$0].order })
            missed by plan: \(expected.subtracting(actual).sorted().prefix(5).map { samples[$0].order })
            """)
    }

    /// The comparison can fail: a plan that forgets its residual is caught.
    @Test func aBrokenPlanIsDetected() throws {
        let q = try T.query("orders where status = busy and name like 'a%'")
        var plan = try Planner.plan(q)
        let window = 0..<Self.windowSize
        let right = Self.planned(plan, window)
        plan.residual = nil
        #expect(Self.planned(plan, window) != right)
        #expect(!right.isEmpty)
    }

    @Test func pushdownPlusResidualEqualsLocalEvaluation() async {
        await propertyCheck(count: 1600, input: GenFilter.generator) { f in
            PushdownPropertyTests.check(f, settings: PlanSettings(idsPerList: 3))
        }
    }

    @Test func sameWithRecheckAndDefaultLists() async {
        await propertyCheck(count: 600, input: GenFilter.generator) { f in
            PushdownPropertyTests.check(f, settings: PlanSettings(idsPerList: 100, recheck: true))
        }
    }
}
