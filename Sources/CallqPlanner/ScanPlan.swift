// Where a plan's records come from: one case per source, each holding what that
// source needs and nothing else (ARCHITECTURE "Round three": the plan is not a
// struct of optional fields). Expanding orders into their call attempts is a
// node of its own over the scan that enumerates the orders; the mirror keeps
// attempts in a table of their own, so it reads them directly.

/// The scan of a plan.
public indirect enum ScanPlan: Sendable, Hashable {
    /// listOrder: each task's requests (no task when none passes the filter).
    case api([TaskPlan])
    /// listTask, every page.
    case taskList
    /// A saved file.
    case file(String)
    /// Standard input.
    case stdin
    /// The local mirror: its orders, or its call attempts (`MirrorQuery.rows`).
    case mirror(MirrorScanPlan)
    /// Every order `orders` reads, expanded into its call attempts by listOrderDetail.
    case attempts(CallsPlan, of: ScanPlan)

    /// The listOrder requests per task, also under an expansion (empty for other sources).
    public var apiTasks: [TaskPlan] {
        switch self {
        case .api(let tasks): tasks
        case .attempts(_, let inner): inner.apiTasks
        default: []
        }
    }

    /// The mirror's scan, if this reads the mirror.
    public var mirror: MirrorScanPlan? {
        if case .mirror(let m) = self { return m }
        return nil
    }

    /// Rows are call attempts (an expansion, or the mirror's attempts).
    public var readsAttempts: Bool {
        switch self {
        case .attempts: true
        case .mirror(let m): m.query.rows == .calls
        default: false
        }
    }
}
