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
    MirrorError(
        "the mirror \(path) holds a row that is not valid JSON (\(message)); run "
            + tasks.map { "`sync task '\($0)' full`" }.joined(separator: " or "))
}

/// Reads nothing (a count the SQL answered before the scan would start).
struct NoBatches: OrderBatchSource {
    mutating func next() async throws -> [Order]? { nil }
}

/// The mirror's orders or call attempts.
struct MirrorScanOpener: ScanOpener {
    let scan: MirrorScanPlan

    /// The scan (nothing when the SQL answers the count or the groups).
    func open(_ env: ScanEnvironment) throws -> any OrderBatchSource {
        let plan = env.plan
        guard let m = env.context.mirror else {
            throw NoConnectionError("no mirror is open for this query")
        }
        if plan.count == .mirrorCount || plan.count == .mirrorGroups { return NoBatches() }
        let input = MirrorChunkInput(reader: try m.store.reader(account: m.account), tasks: scan.tasks, query: scan.query)
        let keyPaths = env.stages.reading.keyPaths
        let path = m.store.path, tasks = scan.tasks
        return try FileBatchSource(
            plan: plan, stages: env.stages, stats: env.stats,
            failure: { error in
                guard let bad = error as? BadInputError else { return error }
                return mirrorRowError(path: path, tasks: tasks, message: bad.message)
            }
        ) { residual, groups, raw, transform in
            input.mapBatches(keyPaths: keyPaths, residual: residual, groups: groups, keepingRaw: raw, transform)
        }
    }

    /// A `count` or `stats` the SQL answers (`mirrorCount`, `mirrorGroups`); false to scan.
    func count(_ env: ScanEnvironment, into aggregator: inout Aggregator) async throws -> Bool {
        switch env.plan.count {
        case .mirrorCount: try count(env, total: &aggregator)
        case .mirrorGroups: try groups(env, into: &aggregator)
        default: return false
        }
        return true
    }

    /// `count` from the mirror: the SQL count of each task.
    func count(_ env: ScanEnvironment, total aggregator: inout Aggregator) throws {
        guard let m = env.context.mirror else { throw NoConnectionError("no mirror is open for this query") }
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
    func groups(_ env: ScanEnvironment, into aggregator: inout Aggregator) throws {
        let plan = env.plan
        guard let m = env.context.mirror, case .groups(let keys, let aggregates, _, _) = plan.shape else {
            throw NoConnectionError("no mirror is open for this query")
        }
        let reader = try m.store.reader(account: m.account)
        let columns = scan.groupColumns
        // Where each field the terms read sits in a group's values, worked out once.
        let slots: [(field: Field, index: Int, isBool: Bool)] = MirrorLayout.indexedColumns.compactMap { c in
            guard let k = columns.firstIndex(of: c.column) else { return nil }
            if case .bool = c.field.type { return (c.field, k, true) }
            return (c.field, k, false)
        }
        var keyValues = [JSONValue](repeating: .null, count: keys.count)
        var arguments = [JSONValue](repeating: .null, count: aggregates.count)
        for task in scan.tasks {
            try Task.checkCancellation()
            try reader.forEachGroup(task: task, query: scan.query, columns: columns, ordered: !plan.orderBy.isEmpty) {
                values, n in
                let read = { (f: Field) -> JSONValue in
                    guard let slot = slots.first(where: { $0.field === f }) ?? slots.first(where: { $0.field == f }),
                        let v = values[slot.index]
                    else { return .null }
                    return slot.isBool ? .bool(v != 0) : .int(v)
                }
                for i in keys.indices { keyValues[i] = keys[i].value(in: .null, reading: read) }
                for k in aggregates.indices { arguments[k] = aggregates[k].argument?.value(in: .null, reading: read) ?? .null }
                for _ in 0..<n {
                    if !aggregator.add(key: { keyValues[$0] }, argument: { arguments[$0] }, holds: { _ in true }) {
                        throw MirrorError("the mirror's grouping of task \(task) met a key with several values")
                    }
                }
            }
        }
    }
}
