// Reads `orders from mirror`: each task's mirrored orders in server order, a
// batch at a time (keyset paging on the position column), with the plan's
// pushed conjuncts in the SQL and nothing else — the residual runs as for the API.
import CallbotAPI
import CallqMirror
import CallqPlanner

/// Pulls batches of mirrored orders, task after task.
struct MirrorBatchSource: OrderBatchSource {
    let scan: MirrorScanPlan
    let store: MirrorStore
    let account: String
    /// What the query reads of each order (nil: everything).
    let keyPaths: [[String]]?
    static let batch = 2048
    private var task = 0
    private var after: Int64?

    init(scan: MirrorScanPlan, store: MirrorStore, account: String, keyPaths: [[String]]?) {
        self.scan = scan
        self.store = store
        self.account = account
        self.keyPaths = keyPaths
    }

    mutating func next() async throws -> [Order]? {
        while task < scan.tasks.count {
            try Task.checkCancellation()
            let (orders, last) = try store.orders(account: account, task: scan.tasks[task], condition: scan.condition,
                                                  arguments: scan.arguments, after: after, limit: Self.batch,
                                                  keyPaths: keyPaths)
            if orders.count < Self.batch { task += 1; after = nil } else { after = last }
            if !orders.isEmpty { return orders }
        }
        return nil
    }
}
