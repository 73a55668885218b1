// The seam between the planner and the places records come from (ARCHITECTURE
// "Round three", after DuckDB's table functions): each source — API orders, a
// saved file or stdin, the mirror, the task list, and call attempts over the
// API's orders — says what of a filter it answers itself (pushed + residual),
// whether it answers a `count`/`stats` without handing out every row, and how
// explain shows its scan. The planner asks the query's source and nothing else;
// the engine opens the resulting `ScanPlan` case.
import CallqSemantics
import CallqSyntax

/// One source of records, as the planner sees it.
protocol ScanSource: Sendable {
    /// Splits the filter's top-level conjuncts into what the source answers exactly (pushed, carried
    /// by the returned scan), what only narrows what it reads, and the residual the client evaluates.
    func pushdown(_ q: CheckedQuery, settings: PlanSettings) throws(Diagnostic) -> SourcePushdown
    /// How a `count`/`stats` is answered after `p` (count pushdown); may refine the scan.
    func countPushdown(_ q: CheckedQuery, _ p: inout SourcePushdown, settings: PlanSettings)
    /// Explain's `source:` line and what is read of each task, for `scan` (this source's case).
    func explainScan(_ scan: ScanPlan, in plan: Plan) -> String
    /// Explain's `pushed:` (and `narrowed by`) lines; empty for a source that pushes nothing.
    func explainPushed(_ plan: Plan) -> String
}

/// What a source makes of a query's filter.
struct SourcePushdown {
    /// What is read (carrying whatever was pushed).
    var scan: ScanPlan
    /// Conjuncts the source answers exactly (not in the residual unless `recheck`).
    var pushed: [CheckedExpr] = []
    /// Conjuncts that only narrowed what is read; they stay in the residual.
    var narrowing: [CheckedExpr] = []
    /// What the client evaluates on every record.
    var residual: CheckedExpr?
    var count: Plan.CountStrategy = .scan
    var warnings: [String] = []
}

extension ScanSource {
    /// Pushes nothing: every record is read and the whole filter is the residual.
    func readAll(_ q: CheckedQuery, scan: ScanPlan) -> SourcePushdown {
        SourcePushdown(scan: scan, residual: q.filter)
    }

    func countPushdown(_ q: CheckedQuery, _ p: inout SourcePushdown, settings: PlanSettings) {}

    func explainPushed(_ plan: Plan) -> String { "" }

    /// The `pushed:` line over `plan.pushed`.
    func pushedLine(_ plan: Plan) -> String {
        "pushed: " + (plan.pushed.isEmpty ? "nothing" : CheckedExpr.conjunction(plan.pushed)!.callqText) + "\n"
    }
}

/// A saved file or standard input: no pushdown, every order is read and filtered locally.
struct SavedOrdersSource: ScanSource {
    let scan: ScanPlan

    func pushdown(_ q: CheckedQuery, settings: PlanSettings) -> SourcePushdown { readAll(q, scan: scan) }

    func explainScan(_ scan: ScanPlan, in plan: Plan) -> String {
        switch scan {
        case .file(let p): "source: file '\(p)' (no requests; every order is read and filtered locally)\n"
        default: "source: stdin (no requests; every order is read and filtered locally)\n"
        }
    }
}

/// listTask: every page; the filter is applied locally.
struct TaskListingSource: ScanSource {
    func pushdown(_ q: CheckedQuery, settings: PlanSettings) -> SourcePushdown { readAll(q, scan: .taskList) }

    func explainScan(_ scan: ScanPlan, in plan: Plan) -> String {
        "source: api listTask (every page; the filter is applied locally)\n"
    }
}

extension QuerySource {
    /// The source a query of `unit` reads from here.
    func scanSource(unit: RowUnit) -> any ScanSource {
        switch self {
        case .api(let tasks, let explicit):
            let orders = APIOrdersSource(tasks: tasks, explicit: explicit)
            return unit == .calls ? CallAttemptsSource(orders: orders) : orders
        case .mirror(let tasks, let explicit):
            return MirrorSource(tasks: tasks, explicit: explicit, rows: unit == .calls ? .calls : .orders)
        case .file(let path): return SavedOrdersSource(scan: .file(path))
        case .stdin: return SavedOrdersSource(scan: .stdin)
        case .taskList: return TaskListingSource()
        }
    }
}

extension ScanPlan {
    /// The source this scan reads (for explain).
    var source: any ScanSource {
        switch self {
        case .api: APIOrdersSource(tasks: [], explicit: false)
        case .attempts(_, let orders): CallAttemptsSource(orders: orders.source)
        case .taskList: TaskListingSource()
        case .file, .stdin: SavedOrdersSource(scan: self)
        case .mirror(let m): MirrorSource(tasks: m.tasks, explicit: true, rows: m.query.rows)
        }
    }
}
