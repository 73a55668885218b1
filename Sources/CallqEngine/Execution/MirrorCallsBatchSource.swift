// Reads `calls from mirror`: each task's mirrored call attempts in server order
// and attempt order, a batch at a time (keyset paging on position and attempt),
// with the plan's pushed conjuncts in the SQL — over the attempt rows' own
// indexed columns — and nothing else; the residual runs as for the API.
import CallbotAPI
import CallqMirror
import CallqPlanner

/// Pulls batches of mirrored calls rows, task after task.
struct MirrorCallsBatchSource: OrderBatchSource {
    let scan: MirrorScanPlan
    let store: MirrorStore
    let account: String
    let keyPaths: [[String]]?
    static let batch = 2048
    private var task = 0
    private var after: (Int64, Int)?

    init(scan: MirrorScanPlan, store: MirrorStore, account: String, keyPaths: [[String]]?) {
        self.scan = scan
        self.store = store
        self.account = account
        self.keyPaths = keyPaths
    }

    mutating func next() async throws -> [Order]? {
        while task < scan.tasks.count {
            try Task.checkCancellation()
            let (rows, last) = try store.calls(account: account, task: scan.tasks[task], condition: scan.condition,
                                               arguments: scan.arguments, after: after, limit: Self.batch,
                                               keyPaths: keyPaths)
            if rows.count < Self.batch { task += 1; after = nil } else { after = last }
            if !rows.isEmpty { return rows }
        }
        return nil
    }
}
