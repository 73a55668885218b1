// `from mirror` in the executor: a scan reads the rows' JSON texts from one
// snapshot of the mirror and parses them with the saved-file pipeline on every
// core (residual and aggregation on the workers); a count or a grouping the SQL
// answers reads no JSON — SELECT count(*), or the rows grouped by the indexed
// columns and fed to the aggregator as that many rows of those values.
import CallbotAPI
import CallqJSON
import CallqMirror
import CallqPlanner
import CallqSemantics

/// A row of the mirror that is not valid JSON (the file was edited, or a sync wrote it wrong).
func mirrorRowError(path: String, tasks: [String], message: String) -> MirrorError {
    MirrorError("the mirror \(path) holds a row that is not valid JSON (\(message)); run "
        + tasks.map { "`sync task '\($0)' full`" }.joined(separator: " or "))
}

/// Reads nothing (a count the SQL answered before the scan would start).
struct NoBatches: OrderBatchSource {
    mutating func next() async throws -> [Order]? { nil }
}

extension QueryRun.Iterator {
    /// The scan of a `from mirror` plan (nothing when the SQL answers the count or the groups).
    func mirrorSource(_ scan: MirrorScanPlan) throws -> any OrderBatchSource {
        guard let m = run.context.mirror else {
            throw NoConnectionError("no mirror is open for this query")
        }
        if plan.count == .mirrorCount || plan.count == .mirrorGroups { return NoBatches() }
        let input = MirrorChunkInput(reader: try m.store.reader(account: m.account), tasks: scan.tasks, query: scan.query)
        let keyPaths = plan.touchedPaths
        let path = m.store.path, tasks = scan.tasks
        return try FileBatchSource(plan: plan, stages: stages, stats: stats, failure: { error in
            guard let bad = error as? BadInputError else { return error }
            return mirrorRowError(path: path, tasks: tasks, message: bad.message)
        }) { residual, groups, raw, transform in
            input.mapBatches(keyPaths: keyPaths, residual: residual, groups: groups, keepingRaw: raw, transform)
        }
    }

    /// `count` from the mirror: the SQL count of each task.
    func mirrorCount(into aggregator: inout Aggregator) throws {
        guard let scan = plan.mirror, let m = run.context.mirror else { throw NoConnectionError("no mirror is open for this query") }
        let reader = try m.store.reader(account: m.account)
        var total = 0
        for task in scan.tasks {
            try Task.checkCancellation()
            total += try reader.count(task: task, query: scan.query)
        }
        aggregator.addCount(total, key: [])
    }

    /// `count`/`stats` from the mirror grouped in SQL: each distinct tuple of the group columns is
    /// added to the aggregator as many times as rows hold it, its fields' values read from the
    /// columns — what the evaluator reads from those rows (the columns hold the field's typed value).
    func mirrorGroups(into aggregator: inout Aggregator) throws {
        guard let scan = plan.mirror, let m = run.context.mirror,
              case .groups(let keys, let aggregates, _, _) = plan.shape else {
            throw NoConnectionError("no mirror is open for this query")
        }
        let reader = try m.store.reader(account: m.account)
        let columns = scan.groupColumns
        let fields = MirrorLayout.indexedColumns
        for task in scan.tasks {
            try Task.checkCancellation()
            let groups = try reader.groups(task: task, query: scan.query, columns: columns, ordered: !plan.orderBy.isEmpty)
            for (values, n) in groups {
                let read = { (f: Field) -> JSONValue in
                    guard let column = fields.first(where: { $0.field == f })?.column,
                          let k = columns.firstIndex(of: column), let v = values[k] else { return .null }
                    if case .bool = f.type { return .bool(v != 0) }
                    return .int(v)
                }
                let keyValues = keys.map { $0.value(in: .null, reading: read) }
                let arguments = aggregates.map { $0.argument?.value(in: .null, reading: read) ?? .null }
                for _ in 0 ..< n {
                    if !aggregator.add(key: { keyValues[$0] }, argument: { arguments[$0] }, holds: { _ in true }) {
                        throw MirrorError("the mirror's grouping of task \(task) met a key with several values")
                    }
                }
            }
        }
    }
}
