// Count pushdown (SPEC §4): `count` with no residual is the sum of totalCount of
// size-1 requests; `count by status|finish` asks one size-1 request per value
// plus the total, and falls back to scanning when the groups do not add up.
// (The mirror's counts are MirrorScanOpener's, in QueryRun+Mirror.)
import CallbotAPI
import CallbotClient
import CallqJSON
import CallqPlanner

extension APIScanOpener {
    /// Fills `aggregator` from size-1 requests when the plan's count strategy allows; false
    /// when the query must scan instead.
    func pushedCount(_ env: ScanEnvironment, into aggregator: inout Aggregator) async throws -> Bool {
        switch env.plan.count {
        case .scan, .mirrorCount, .mirrorGroups:
            return false
        case .pushedTotal:
            guard let client = env.context.client else { throw NoConnectionError(env.context.noClientReason) }
            let jobs = tasks.flatMap { t in t.requests.map { (t.userTaskID, $0) } }
            let total = try await withThrowingTaskGroup(of: Int.self) { group in
                for job in jobs { group.addTask { try await client.count(task: job.0, options: job.1) } }
                return try await group.reduce(0, +)
            }
            aggregator.addCount(total, key: [])
            return true
        case .pushedGroups:
            guard let client = env.context.client else { throw NoConnectionError(env.context.noClientReason) }
            var perGroup: [JSONValue: Int] = [:]
            var order: [JSONValue] = []
            for task in tasks {
                let groups = task.groupRequests
                for g in groups where !order.contains(g.value) { order.append(g.value) }
                // A task whose filter is contradictory has no requests and counts nothing.
                guard task.requests.count == 1, let base = task.requests.first else {
                    if task.requests.isEmpty { continue }
                    return false
                }
                let counts = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                    group.addTask { (-1, try await client.count(task: task.userTaskID, options: base)) }
                    for (k, g) in groups.enumerated() {
                        group.addTask { (k, try await client.count(task: task.userTaskID, options: g.options)) }
                    }
                    var out: [Int: Int] = [:]
                    for try await (k, n) in group { out[k] = n }
                    return out
                }
                let sum = groups.indices.reduce(0) { $0 + (counts[$1] ?? 0) }
                if sum != counts[-1] {
                    env.context.warn(
                        "warning: count by: the groups add up to \(sum) of \(counts[-1] ?? 0) orders in task \(task.userTaskID); counting by scanning instead"
                    )
                    return false
                }
                for (k, g) in groups.enumerated() where (counts[k] ?? 0) > 0 {
                    perGroup[g.value, default: 0] += counts[k]!
                }
            }
            for key in order where perGroup[key] != nil {
                aggregator.addCount(perGroup[key]!, key: [key])
            }
            return true
        }
    }
}
