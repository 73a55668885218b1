// Pushdown into the local mirror (SPEC §10.4): a top-level conjunct built only
// from tests the indexed columns answer exactly — `=`, `in`, `<`, `<=`, `>`,
// `>=`, `between` on status, duration, finish and started, and (for orders)
// `like` on the name, which the mirror keeps in canonical form and matches with
// the evaluator's own LikePattern through a registered SQL function — combined
// with `and` and `or` — becomes a typed MirrorPredicate; CallqMirror renders it
// as the scan's WHERE. SQL's NULL makes such a test false exactly where the
// evaluator's null rules do; `not` would not (NOT NULL is NULL, not true), so a
// negation stays in the residual.
import CallqMirror
import CallqSemantics

extension MirrorPredicate {
    /// The predicate for `e`, or nil when the mirror cannot answer it exactly. `like` is pushed
    /// only when `likes` (orders: the like columns are the order table's, not an attempt's).
    static func of(_ e: CheckedExpr, likes: Bool) -> MirrorPredicate? {
        switch e {
        case .constant(let b): return .constant(b)
        case .and(let xs), .or(let xs):
            let parts = xs.compactMap { of($0, likes: likes) }
            guard parts.count == xs.count, !parts.isEmpty else { return nil }
            if case .and = e { return .and(parts) }
            return .or(parts)
        case .not, .termTest: return nil
        case .test(let t):
            if case .like(let p) = t.op {
                guard likes, let column = MirrorLayout.likeColumns.first(where: { $0.field == t.field })?.column else {
                    return nil
                }
                return .like(column: column, pattern: p.source)
            }
            guard let column = column(of: t.field) else { return nil }
            func int(_ s: Scalar) -> Int? {
                switch s {
                case .int(let n): n
                case .bool(let b): b ? 1 : 0
                default: nil
                }
            }
            func one(_ op: MirrorComparison, _ v: Scalar) -> MirrorPredicate? {
                int(v).map { .compare(column: column, op, $0) }
            }
            switch t.op {
            case .eq(let v): return one(.eq, v)
            case .lt(let v): return one(.lt, v)
            case .le(let v): return one(.le, v)
            case .gt(let v): return one(.gt, v)
            case .ge(let v): return one(.ge, v)
            case .oneOf(let vs):
                let ns = vs.compactMap(int)
                guard ns.count == vs.count else { return nil }
                return .oneOf(column: column, ns)
            case .between(let a, let b):
                guard let x = int(a), let y = int(b) else { return nil }
                return .between(column: column, x, y)
            case .like, .regex, .isNull, .isEmpty: return nil
            }
        }
    }

    /// The indexed column holding `field`'s value, if one does.
    static func column(of field: Field) -> String? {
        MirrorLayout.indexedColumns.first(where: { $0.field == field })?.column
    }
}
