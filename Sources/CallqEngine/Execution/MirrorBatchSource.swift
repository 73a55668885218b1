// Reads `orders from mirror` and `calls from mirror`: each task's mirrored rows
// in server order (and, for calls, attempt order), a batch at a time by keyset
// paging — on the position column for orders, on (position, attempt) for calls —
// with the plan's pushed conjuncts in the SQL and nothing else; the residual
// runs as for the API.
import CallbotAPI
import CallqMirror
import CallqPlanner

/// Pulls batches of mirrored orders or call attempts, task after task.
struct MirrorBatchSource<Cursor: Sendable>: OrderBatchSource {
    /// One page of a task's rows after a cursor: the rows and the cursor of the last.
    typealias ReadPage = @Sendable (_ task: String, _ after: Cursor?, _ limit: Int) throws -> ([Order], Cursor?)

    let tasks: [String]
    let read: ReadPage
    static var batch: Int { 2048 }
    private var task = 0
    private var after: Cursor?

    init(tasks: [String], read: @escaping ReadPage) {
        self.tasks = tasks
        self.read = read
    }

    mutating func next() async throws -> [Order]? {
        while task < tasks.count {
            try Task.checkCancellation()
            let (rows, last) = try read(tasks[task], after, Self.batch)
            if rows.count < Self.batch { task += 1; after = nil } else { after = last }
            if !rows.isEmpty { return rows }
        }
        return nil
    }
}

extension MirrorBatchSource where Cursor == Int64 {
    /// `orders from mirror`.
    static func orders(scan: MirrorScanPlan, store: MirrorStore, account: String, keyPaths: [[String]]?) -> Self {
        Self(tasks: scan.tasks) { task, after, limit in
            let page = try store.orders(account: account, task: task, condition: scan.condition, arguments: scan.arguments,
                                        after: after, limit: limit, keyPaths: keyPaths)
            return (page.orders, page.last)
        }
    }
}

/// The keyset cursor of a call attempt: its order's position and the attempt number.
struct AttemptCursor: Sendable {
    var position: Int64
    var attempt: Int
}

extension MirrorBatchSource where Cursor == AttemptCursor {
    /// `calls from mirror`: the attempt rows' own indexed columns carry the pushed conjuncts.
    static func calls(scan: MirrorScanPlan, store: MirrorStore, account: String, keyPaths: [[String]]?) -> Self {
        Self(tasks: scan.tasks) { task, after, limit in
            let page = try store.calls(account: account, task: task, condition: scan.condition, arguments: scan.arguments,
                                       after: after.map { ($0.position, $0.attempt) }, limit: limit, keyPaths: keyPaths)
            return (page.rows, page.last.map { AttemptCursor(position: $0.0, attempt: $0.1) })
        }
    }
}
