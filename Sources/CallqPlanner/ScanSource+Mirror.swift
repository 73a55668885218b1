// The local mirror as a source (SPEC §10.4): conjuncts the indexed columns
// answer become a typed MirrorPredicate (MirrorPushdown), `task` tests choose
// the tasks as for the API, the rest is the residual. A `count`/`stats` the SQL
// answers whole reads no JSON. CallqMirror makes every statement from the
// predicate, and explain prints the one the store will run.
import CallqMirror
import CallqSemantics
import CallqSyntax

/// The mirror's orders or call attempts.
struct MirrorSource: ScanSource {
    /// The `in task` ids, else the default tasks; `explicit` tells which.
    let tasks: [String]
    let explicit: Bool
    let rows: MirrorQuery.Rows

    func pushdown(_ q: CheckedQuery, settings: PlanSettings) throws(Diagnostic) -> SourcePushdown {
        var p = SourcePushdown(scan: .mirror(MirrorScanPlan(tasks: [], query: MirrorQuery(rows: rows, predicate: nil))))
        var push = Pushdown()
        var residual: [CheckedExpr] = []
        var conditions: [MirrorPredicate] = []
        for c in q.filter?.conjuncts ?? [] {
            if let a = Pushdown.atom(c), case .list(.userTaskID, _) = a, push.add(a) {
                p.pushed.append(c)
            } else if let m = MirrorPredicate.of(c, likes: rows == .orders) {
                conditions.append(m)
                p.pushed.append(c)
            } else {
                residual.append(c)
            }
        }
        let chosen =
            push.contradiction
            ? []
            : try Planner.chooseTasks(
                tasks, explicit: explicit, push: push, q: q,
                warnings: &p.warnings)
        p.residual = CheckedExpr.conjunction(residual)
        let predicate = conditions.isEmpty ? nil : MirrorPredicate.and(conditions)
        var query = MirrorQuery(rows: rows, predicate: predicate)
        query.stamps = q.fields.contains { f in MirrorLayout.stampColumns.contains { $0.field == f } }
        p.scan = .mirror(MirrorScanPlan(tasks: chosen, query: query))
        return p
    }

    /// A `count`/`stats` the SQL answers whole: a plain `count` is one `SELECT count(*)` per task;
    /// one whose keys and aggregates read only indexed columns is grouped in SQL.
    func countPushdown(_ q: CheckedQuery, _ p: inout SourcePushdown, settings: PlanSettings) {
        guard p.residual == nil, rows == .orders, q.pages == nil, case .mirror(var scan) = p.scan,
            case .groups(let keys, let aggregates, _, _) = q.shape
        else { return }
        if keys.isEmpty, q.shape.countsOnly {
            p.count = .mirrorCount
        } else if let columns = Planner.mirrorGroupColumns(keys: keys, aggregates: aggregates) {
            p.count = .mirrorGroups
            scan.groupColumns = columns
            p.scan = .mirror(scan)
        }
    }

    func explainScan(_ scan: ScanPlan, in plan: Plan) -> String {
        guard case .mirror(let m) = scan else { return "" }
        var out = "source: mirror, \(m.tasks.count) task\(m.tasks.count == 1 ? "" : "s") (no requests; SQLite)\n"
        if m.tasks.isEmpty { out += "  no task passes the filter: nothing is read\n" }
        for t in m.tasks { out += "task '\(t)':\n" }
        out +=
            "  sql: " + Self.sql(m, count: plan.count, ordered: !plan.orderBy.isEmpty)
            + (m.arguments.isEmpty ? "" : "  -- " + m.arguments.map(\.description).joined(separator: ", ")) + "\n"
        return out
    }

    func explainPushed(_ plan: Plan) -> String { pushedLine(plan) }

    /// The statement the mirror is sent for each task: the scan, or the count or grouping that
    /// answers the query without reading orders (CallqMirror generates all three; the engine
    /// runs the same one).
    static func sql(_ m: MirrorScanPlan, count: Plan.CountStrategy, ordered: Bool) -> String {
        switch count {
        case .mirrorCount: m.query.countSQL
        case .mirrorGroups: m.query.groupSQL(columns: m.groupColumns, ordered: ordered)
        default: m.query.scanSQL
        }
    }
}

extension Planner {
    /// The indexed columns that hold every field the keys and the aggregates' arguments read, in
    /// first-use order; nil when one reads anything else or an aggregate has a condition.
    static func mirrorGroupColumns(keys: [CheckedTerm], aggregates: [CheckedAggregate]) -> [String]? {
        var columns: [String] = []
        for a in aggregates where a.condition != nil { return nil }
        for term in keys + aggregates.compactMap(\.argument) {
            guard !readsSlot(term) else { return nil }
            for f in term.fields {
                guard let c = MirrorPredicate.column(of: f) else { return nil }
                if !columns.contains(c) { columns.append(c) }
            }
        }
        return columns
    }

    /// Whether `term` reads a slot of its record (a group row's column), not only fields.
    static func readsSlot(_ term: CheckedTerm) -> Bool {
        switch term {
        case .slot: true
        case .field, .constant: false
        case .negate(let x, _): readsSlot(x)
        case .arithmetic(_, let a, let b, _): readsSlot(a) || readsSlot(b)
        case .function(_, let args, _): args.contains(where: readsSlot)
        }
    }
}
