// Pushdown into the local mirror's SQL (SPEC §10.4): a top-level conjunct built
// only from tests the indexed columns answer exactly — `=`, `in`, `<`, `<=`, `>`,
// `>=`, `between` on status, duration, finish and started, and (for orders)
// `like` on the name, which the mirror keeps in canonical form and matches with
// the evaluator's own LikePattern through a registered SQL function — combined
// with `and` and `or` — becomes part of the scan's WHERE. SQL's NULL makes such a test
// false exactly where the evaluator's null rules do; `not` would not (NOT NULL is
// NULL, not true), so a negation stays in the residual.
import CallqSemantics

/// A conjunct rendered as SQL over the mirror's indexed columns.
struct MirrorCondition {
    var sql: String
    var arguments: [MirrorArgument]

    /// The SQL for `e`, or nil when the mirror cannot answer it exactly. `like` is pushed only
    /// when `likes` (orders: the like columns are the order table's, not an attempt's).
    static func of(_ e: CheckedExpr, likes: Bool) -> MirrorCondition? {
        switch e {
        case .constant(let b): return MirrorCondition(sql: b ? "1" : "0", arguments: [])
        case .and(let xs), .or(let xs):
            let parts = xs.compactMap { of($0, likes: likes) }
            guard parts.count == xs.count, !parts.isEmpty else { return nil }
            let joiner = if case .and = e { " AND " } else { " OR " }
            return MirrorCondition(sql: "(" + parts.map(\.sql).joined(separator: joiner) + ")",
                                   arguments: parts.flatMap(\.arguments))
        case .not, .termTest: return nil
        case .test(let t):
            if case .like(let p) = t.op {
                guard likes, let column = MirrorLayout.likeColumns.first(where: { $0.field == t.field })?.column else { return nil }
                return MirrorCondition(sql: "\(MirrorLayout.likeFunction)(\(column), ?)", arguments: [.text(p.source)])
            }
            guard let column = MirrorLayout.indexedColumns.first(where: { $0.field == t.field })?.column else { return nil }
            func int(_ s: Scalar) -> Int? {
                switch s {
                case .int(let n): n
                case .bool(let b): b ? 1 : 0
                default: nil
                }
            }
            func one(_ op: String, _ v: Scalar) -> MirrorCondition? {
                int(v).map { MirrorCondition(sql: "\(column) \(op) ?", arguments: [.int($0)]) }
            }
            switch t.op {
            case .eq(let v): return one("=", v)
            case .lt(let v): return one("<", v)
            case .le(let v): return one("<=", v)
            case .gt(let v): return one(">", v)
            case .ge(let v): return one(">=", v)
            case .oneOf(let vs):
                let ns = vs.compactMap(int)
                guard ns.count == vs.count else { return nil }
                if ns.isEmpty { return MirrorCondition(sql: "0", arguments: []) }
                return MirrorCondition(sql: "\(column) IN (" + ns.map { _ in "?" }.joined(separator: ", ") + ")", arguments: ns.map(MirrorArgument.int))
            case .between(let a, let b):
                guard let x = int(a), let y = int(b) else { return nil }
                return MirrorCondition(sql: "\(column) BETWEEN ? AND ?", arguments: [.int(x), .int(y)])
            case .like, .regex, .isNull, .isEmpty: return nil
            }
        }
    }
}
