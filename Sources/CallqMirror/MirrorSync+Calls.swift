// The call-attempt step of a sync with `sync_calls = on`: after the orders are
// staged, listOrderDetail is asked for the orders whose attempts may have
// changed (MirrorStore.idsNeedingCalls), `batch` ids a request (4001 halves it)
// and `concurrency` requests in flight. The rows are written in the sync's
// final transaction with its orders.
import CallbotAPI
import CallbotClient

extension MirrorSync {
    /// The attempts of the orders of `task` that need them, as calls rows.
    func readCalls(_ task: String, syncID: String, full: Bool, batch: Int) async throws -> CallsUpdate {
        let ids = try store.idsNeedingCalls(account: account, task: task, syncID: syncID, full: full)
        let before = client.stats
        let chunks = stride(from: 0, to: ids.count, by: batch).map { Array(ids[$0..<min(ids.count, $0 + batch)]) }
        var rows: [String: [CallsUpdate.Row]] = [:]
        let client = self.client, concurrency = max(1, self.concurrency)
        try await withThrowingTaskGroup(of: [OrderDetail].self) { group in
            var next = 0
            while next < min(concurrency, chunks.count) {
                let chunk = chunks[next]
                next += 1
                group.addTask { try await client.orderDetails(task: task, ids: chunk, batch: batch) }
            }
            while let details = try await group.next() {
                for d in details {
                    guard let id = d.orderID, rows[id] == nil else { continue }
                    let calls = OrderCalls(order: d.orderFields, detail: d)
                    rows[id] = calls.callRows.map {
                        CallsUpdate.Row(text: String(decoding: $0.raw, as: UTF8.self), columns: MirrorRow.columns($0.json))
                    }
                }
                if next < chunks.count {
                    let chunk = chunks[next]
                    next += 1
                    group.addTask { try await client.orderDetails(task: task, ids: chunk, batch: batch) }
                }
            }
        }
        let asked = Set(ids)
        rows = rows.filter { asked.contains($0.key) }
        log(
            "sync \(task): calls: attempts of \(ids.count) orders read (new, changed, unfinished or never read; "
                + "\((client.stats - before).requests) listOrderDetail requests)")
        return CallsUpdate(rows: rows)
    }
}
