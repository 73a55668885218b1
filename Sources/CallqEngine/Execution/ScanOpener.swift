// The engine's half of the source seam (the planner's half is ScanSource): each
// source opens its `ScanPlan` case as a stream of record batches — reading only
// what the plan's projection touches, with its residual — and answers the count
// the planner pushed into it without a scan. The executor asks `plan.scan.opener`
// and nothing else; it never looks at which source it reads.
import CallbotAPI
import CallqPlanner

/// What any source needs to open a scan: the plan, its record stages, where to run, the counters.
struct ScanEnvironment {
    let plan: Plan
    let stages: RecordStages
    let context: ExecutionContext
    let stats: StatisticsBox
}

/// One source, as the executor opens it.
protocol ScanOpener {
    /// Opens the scan: batches of records (already filtered when the source says `appliesResidual`).
    func open(_ env: ScanEnvironment) throws -> any OrderBatchSource
    /// Answers the plan's pushed `count`/`stats` into `aggregator`; false when the query must scan.
    func count(_ env: ScanEnvironment, into aggregator: inout Aggregator) async throws -> Bool
}

extension ScanOpener {
    func count(_ env: ScanEnvironment, into aggregator: inout Aggregator) async throws -> Bool { false }
}

extension ScanPlan {
    /// The opener of this scan: one per source.
    var opener: any ScanOpener {
        switch self {
        case .api(let tasks): APIScanOpener(tasks: tasks)
        case .attempts(let calls, let orders): AttemptsScanOpener(calls: calls, orders: orders)
        case .taskList: TaskListScanOpener()
        case .file(let path): SavedScanOpener(path: path)
        case .stdin: SavedScanOpener(path: nil)
        case .mirror(let scan): MirrorScanOpener(scan: scan)
        }
    }
}

/// listOrder: every request of every task, de-duplicated by orderID.
struct APIScanOpener: ScanOpener {
    let tasks: [TaskPlan]

    func open(_ env: ScanEnvironment) throws -> any OrderBatchSource {
        var api = ApiBatchSource(tasks: tasks, paging: env.plan.paging, context: env.context, stats: env.stats)
        api.keyPaths = env.stages.reading.keyPaths
        api.filter = OrderPageFilter(plan: env.plan, stages: env.stages)
        return api
    }

    func count(_ env: ScanEnvironment, into aggregator: inout Aggregator) async throws -> Bool {
        try await pushedCount(env, into: &aggregator)
    }
}

/// Call attempts: the orders' scan expanded by listOrderDetail (from the API only: the mirror
/// reads its attempts table directly).
struct AttemptsScanOpener: ScanOpener {
    let calls: CallsPlan
    let orders: ScanPlan

    func open(_ env: ScanEnvironment) throws -> any OrderBatchSource {
        guard case .api(let tasks) = orders else {
            throw NoConnectionError("call attempts are read from the API or the mirror only")
        }
        return try CallsBatchSource(tasks: tasks, paging: env.plan.paging, calls: calls, context: env.context, stats: env.stats)
    }
}

/// listTask, page after page.
struct TaskListScanOpener: ScanOpener {
    func open(_ env: ScanEnvironment) throws -> any OrderBatchSource {
        TaskListSource(paging: env.plan.paging, context: env.context, stats: env.stats)
    }
}

/// A saved file (`path`) or standard input (nil): chunks parsed on every core.
struct SavedScanOpener: ScanOpener {
    let path: String?

    func open(_ env: ScanEnvironment) throws -> any OrderBatchSource {
        let c = env.context
        let badLine: OrderFileReader.BadLine = c.skipBadLines ? .skip(warn: c.warn) : .fail
        let reader: OrderFileReader
        if let path {
            reader = try OrderFileReader(
                path: path, badLine: badLine, keyPaths: env.stages.reading.keyPaths, maxLine: c.maxLineBytes)
        } else {
            reader = OrderFileReader(
                fd: c.stdinDescriptor, name: "stdin", badLine: badLine, keyPaths: env.stages.reading.keyPaths,
                maxLine: c.maxLineBytes)
        }
        return try FileBatchSource(reader: reader, plan: env.plan, stages: env.stages, stats: env.stats)
    }
}
