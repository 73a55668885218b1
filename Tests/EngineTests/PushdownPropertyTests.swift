// The heart of callq, proven: for random well-typed where-expressions over the
// whole catalog, the rows of the pushed-down query (server filter over loopback
// HTTP, then the residual) are exactly the orders a full local scan selects.
import CallbotAPI
import CallbotSimulator
import CallqJSON
import CallqKit
import CallqSemantics
import Foundation
import Testing

@Suite(.serialized) struct PushdownPropertyTests {
    @Test func pushdownEqualsFullScan() async throws {
        let h = try await Harness.start(seed: 11, tasks: 1, orders: 400)
        let orders = h.firstTask.orders
        var gen = QueryGenerator(orders: orders, seed: 2024)
        var failures: [String] = []
        var nonTrivial = 0
        for _ in 0..<2000 {
            let (expr, turnsAbove) = gen.expression()
            let text = "orders where " + expr
            let expected = try expectedIDs(text, orders: orders, turnsAbove: turnsAbove, data: h.sim.data)
            let got = try await h.orderIDs(text)
            if expected.count > 0 && expected.count < orders.count { nonTrivial += 1 }
            if Set(got) != Set(expected) || got.count != Set(got).count {
                failures.append("\(text)\n  expected \(expected.count) rows, got \(got.count)")
                if failures.count > 5 { break }
            }
        }
        await h.stop()
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(nonTrivial > 500, "the generator should produce selective queries, got \(nonTrivial)")
    }

    /// Evaluates the where-expression locally over every order (turns from the simulator's hidden counts).
    func expectedIDs(_ text: String, orders: [Order], turnsAbove: Int?, data: SimulatorData) throws -> [String] {
        let local = turnsAbove == nil ? text : String(text[..<text.range(of: " and turns > ")!.lowerBound])
        guard case .query(let q) = try Checker.check(local, context: CheckContext(defaultTasks: ["t"])) else {
            Issue.record("not a query: \(text)")
            return []
        }
        return orders.filter { o in
            guard q.filter?.evaluate(o.json) ?? true else { return false }
            if let n = turnsAbove { return (data.turns(orderID: o.orderID ?? "") ?? 0) > n }
            return true
        }.compactMap(\.orderID)
    }
}

/// Random callq where-expressions drawn from the values present in the data.
struct QueryGenerator {
    var rng: SplitMix
    let ids: [String]
    let intentNames: [String]
    let names: [String]

    init(orders: [Order], seed: UInt64) {
        rng = SplitMix(seed: seed)
        ids = orders.compactMap(\.orderID)
        var intents = Set<String>()
        for o in orders { intents.formUnion(o.intentNames) }
        intentNames = intents.sorted() + ["no-such-intent"]
        names = orders.compactMap(\.userName)
    }

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }

    static let statuses = [
        "busy", "busy_rejected", "rejected", "completed", "voicemail", "no_response", "ended",
        "failed", "in_progress", "6", "10", "11", "22", "23", "24", "unreachable"
    ]
    static let ops = ["=", "!=", "<", "<=", ">", ">="]

    mutating func atom() -> String {
        switch int(0...17) {
        case 0: return "status = \(pick(Self.statuses))"
        case 1: return "status in (\(pick(Self.statuses)), \(pick(Self.statuses)))"
        case 2: return "status not in (\(pick(Self.statuses)), \(pick(Self.statuses)))"
        case 3: return "duration \(pick(Self.ops)) \(int(0...200))"
        case 4: let a = int(0...150); return "duration between \(a) and \(a + int(0...80))"
        case 5: return "finish = \(pick(["true", "false"]))"
        case 6: return "intent = '\(pick(intentNames))'"
        case 7: return "intentName in ('\(pick(intentNames))', '\(pick(intentNames))')"
        case 8: return "orderID in ('\(pick(ids))', '\(pick(ids))', '\(pick(ids))')"
        case 9: return "id = '\(pick(ids))'"
        case 10: return "name like '\(pick(["%a%", "_%", "%é%", "张%", "%o"]))'"
        case 11: return "agentName is \(pick(["null", "not null"]))"
        case 12: return "sms is \(pick(["empty", "not empty"]))"
        case 13: return "duration \(pick(Self.ops)) \(pick(["30s", "1m", "2m"]))"
        case 14: return "intent != '\(pick(intentNames))'"
        case 15: return "phone ~ '\(pick(["^62", "8$", "12", "^\\\\+"]))'"
        case 16: return "status != \(pick(Self.statuses))"
        default: return "not (status = \(pick(Self.statuses)) or duration > \(int(0...200)))"
        }
    }

    mutating func expr(depth: Int) -> String {
        if depth > 2 || int(0...2) == 0 { return atom() }
        switch int(0...3) {
        case 0: return "\(expr(depth: depth + 1)) and \(expr(depth: depth + 1))"
        case 1: return "(\(expr(depth: depth + 1)) or \(expr(depth: depth + 1)))"
        case 2: return "not (\(expr(depth: depth + 1)))"
        default: return "\(atom()) and (\(expr(depth: depth + 1)) or \(atom()))"
        }
    }

    /// An expression, sometimes with a top-level `and turns > N` (server-only field).
    mutating func expression() -> (String, Int?) {
        let e = expr(depth: 0)
        if int(0...5) == 0 {
            let n = int(0...12)
            return ("(\(e)) and turns > \(n)", n)
        }
        return (e, nil)
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
