// Pushdown: which top-level conjuncts the server can answer exactly. Lists
// (orderID, intents, callStatus, userTaskID) merge across `or` on the same
// field and intersect across `and`; finish and integer ranges intersect.

import CallqSemantics

/// The server-side constraints collected from the conjuncts of a filter.
struct Pushdown {
    /// Allowed values per list option (nil = unconstrained), in first-seen order.
    var lists: [PushOption: [Scalar]] = [:]
    /// Allowed finish values.
    var finish: Set<Bool>?
    /// Inclusive integer bounds per range option.
    var ranges: [PushOption: (lo: Int, hi: Int)] = [:]
    /// A constraint that nothing satisfies.
    var contradiction = false

    /// What one conjunct contributes, if the server can answer it exactly.
    enum Atom {
        case list(PushOption, [Scalar])
        case finish(Bool)
        case range(PushOption, Int, Int)
        case never
    }

    /// The atom for a conjunct, or nil when it must stay in the residual.
    static func atom(_ e: CheckedExpr) -> Atom? {
        switch e {
        case .constant(false): return .never
        case .test(let t): return atom(t)
        case .or(let xs):
            // `a = 1 or a in (2, 3)` on one list field → one list.
            var option: PushOption?
            var values: [Scalar] = []
            for x in xs {
                guard let a = atom(x) else { return nil }
                switch a {
                case .list(let o, let vs):
                    if option != nil && option != o { return nil }
                    option = o
                    for v in vs where !values.contains(v) { values.append(v) }
                case .never: continue
                default: return nil
                }
            }
            guard let option else { return .never }
            return .list(option, values)
        default: return nil
        }
    }

    static func atom(_ t: FieldTest) -> Atom? {
        guard let o = t.field.pushdown else { return nil }
        switch o {
        case .orderID, .intentID, .intentName, .intentTag, .callStatus, .userTaskID:
            switch t.op {
            case .eq(let v): return .list(o, [v])
            case .oneOf(let vs): return .list(o, vs)
            default: return nil
            }
        case .finish:
            if case .eq(.bool(let b)) = t.op { return .finish(b) }
            // `finish in (true)` is `finish = true`; `in (true, false)` is left to the residual (it drops nulls).
            if case .oneOf(let vs) = t.op {
                let bs = Set(vs.compactMap { if case .bool(let b) = $0 { b } else { nil } })
                if bs.count == 1, bs.count == Set(vs).count, let b = bs.first { return .finish(b) }
            }
            return nil
        case .callDuration, .turnTime:
            func int(_ s: Scalar) -> Int? { if case .int(let n) = s { n } else { nil } }
            switch t.op {
            case .eq(let v): return int(v).map { .range(o, $0, $0) }
            case .lt(let v): return int(v).map { .range(o, Int.min, $0 == Int.min ? Int.min : $0 - 1) }
            case .le(let v): return int(v).map { .range(o, Int.min, $0) }
            case .gt(let v): return int(v).map { .range(o, $0 == Int.max ? Int.max : $0 + 1, Int.max) }
            case .ge(let v): return int(v).map { .range(o, $0, Int.max) }
            case .between(let a, let b):
                guard let x = int(a), let y = int(b) else { return nil }
                return .range(o, x, y)
            default: return nil
            }
        }
    }

    /// Intersects an atom into the constraints; false when it cannot be pushed alongside what is
    /// already there (a second list on a multi-valued field: an order may have an intent in each).
    mutating func add(_ a: Atom) -> Bool {
        switch a {
        case .never: contradiction = true
        case .list(let o, let vs):
            if let old = lists[o] {
                if [.intentID, .intentName, .intentTag].contains(o) { return false }
                lists[o] = old.filter { vs.contains($0) }
            } else {
                lists[o] = vs
            }
            if lists[o]!.isEmpty { contradiction = true }
        case .finish(let b):
            finish = (finish ?? [true, false]).intersection([b])
            if finish!.isEmpty { contradiction = true }
        case .range(let o, let lo, let hi):
            let old = ranges[o] ?? (Int.min, Int.max)
            let r = (max(old.lo, lo), min(old.hi, hi))
            ranges[o] = r
            // The open sides are sent as -1 and 2147483647: values are taken to lie in 0...2147483646.
            if r.0 > r.1 || r.1 < 0 || r.0 > RangeOption_maxValue { contradiction = true }
        }
        return true
    }
}

/// The largest value a strict `lt: 2147483647` still admits.
let RangeOption_maxValue = 2_147_483_646

extension Pushdown {
    /// Constraints a conjunct implies without being answered exactly (SQLite's "pushed partly"):
    /// `(status = busy and duration > 3) or status = 11` implies `callStatus in (10, 11)`.
    /// Sending them narrows the transfer; the conjunct itself stays in the residual.
    static func implied(_ e: CheckedExpr) -> [Atom] {
        switch e {
        case .constant(false): return [.never]
        case .test(let t):
            guard let a = atom(t) else { return [] }
            if case .list(.userTaskID, _) = a { return [] }
            return [a]
        case .and(let xs): return xs.flatMap(implied)
        case .or(let xs):
            let branches = xs.map(implied).filter { !$0.contains { if case .never = $0 { true } else { false } } }
            guard let first = branches.first else { return [.never] }
            var out: [Atom] = []
            for a in first {
                var merged: Atom? = a
                for b in branches.dropFirst() {
                    guard let m = merged else { break }
                    merged = b.compactMap { hull(m, $0) }.first
                }
                if let merged, !merged.isOpenRange { out.append(merged) }
            }
            return out
        default: return []
        }
    }

    /// The smallest atom both `a` and `b` imply, when they constrain the same option.
    static func hull(_ a: Atom, _ b: Atom) -> Atom? {
        switch (a, b) {
        case (.list(let o1, let v1), .list(let o2, let v2)) where o1 == o2:
            return .list(o1, v1 + v2.filter { !v1.contains($0) })
        case (.range(let o1, let l1, let h1), .range(let o2, let l2, let h2)) where o1 == o2:
            return .range(o1, min(l1, l2), max(h1, h2))
        case (.finish(let x), .finish(let y)) where x == y:
            return .finish(x)
        default:
            return nil
        }
    }
}

extension Pushdown.Atom {
    /// A range that admits every value the server can hold (not worth sending).
    var isOpenRange: Bool {
        if case .range(_, let lo, let hi) = self { return lo <= 0 && hi >= RangeOption_maxValue }
        return false
    }
}
