// The exact incremental sync (SPEC §10.3). A finished order does not change
// again, so a later sync reads only (1) every unfinished order, (2) by id, the
// orders the mirror held unfinished that (1) did not return, (3) the first page
// of the whole task, whose one reply gives the number N of orders and the newest
// ones at one instant; (4) if the mirror would then hold exactly N orders it is
// done, else it re-reads every finished order. Fetched orders are staged
// page by page; one final transaction applies them, so a crash, a kill or
// Ctrl-C at any point leaves the previous mirror whole.
import CallbotAPI
import CallbotClient
import CallqJSON
import CallqSemantics
import Foundation
import GRDB

/// What one task's sync did.
public struct SyncReport: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// Every page read (a first sync, or `sync full`).
        case full
        /// Unfinished orders, the finished count and the orders that finished.
        case incremental
        /// Incremental, but the finished count did not match, so every finished order was re-read.
        case reread = "incremental + finished re-read"
    }
    public var task: String
    public var kind: Kind
    public var orders: Int
    public var unfinished: Int
    public var requests: Int
    public var seconds: Double
    /// The sync dropped the call attempts the mirror held (`sync task 'ID' full` with `sync_calls = off`).
    public var droppedCalls = false
    /// What the sync changed in the mirror (SPEC §13.1).
    public var changes = SyncChanges()
    /// The sync's time (unix seconds): the `seen`/`changed` of every row it stored, and the task's last sync.
    public var stamp = 0

    /// `demo-task: 5,022 orders (286 unfinished): 25 new, 60 finished, 3 changed, 1 gone; incremental, 5 requests, 0.21 s`
    public var line: String {
        "\(task): \(orders.grouped) orders (\(unfinished.grouped) unfinished): \(changes.text); \(kind.rawValue), "
            + "\(requests) request\(requests == 1 ? "" : "s"), " + String(format: "%.2f s", seconds)
            + (droppedCalls ? "; call attempts dropped (sync_calls is off)" : "")
    }
}

/// Syncs tasks of one account into a mirror.
public struct MirrorSync: Sendable {
    let store: MirrorStore
    let client: CallbotClient
    let account: String
    let pageSize: Int
    let concurrency: Int
    /// Each step's line, for `--verbose`.
    let log: @Sendable (String) -> Void
    /// Called after each page read: pages done, rows so far.
    let progress: (@Sendable (Int, Int) -> Void)?
    /// With `sync_calls = on`: ids per listOrderDetail request; the sync then keeps call attempts too.
    public var callsBatch: Int? = nil
    /// Ids per listOrderDetail request when `callsBatch` is nil but the mirror holds attempts:
    /// a mirror that has them keeps them up to date whatever the session's `sync_calls`.
    public var detailBatch = 500
    /// Whether a full sync may drop the attempts the mirror holds (an explicit `sync task 'ID'
    /// full` with `sync_calls = off`); otherwise they are kept up to date.
    public var mayDropCalls = false

    public init(
        store: MirrorStore, client: CallbotClient, account: String, pageSize: Int, concurrency: Int,
        log: @escaping @Sendable (String) -> Void, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        self.store = store; self.client = client; self.account = account
        self.pageSize = pageSize; self.concurrency = concurrency; self.log = log; self.progress = progress
    }

    /// Brings the mirror of `task` up to date; `full` reads every page even when it could be incremental.
    public func run(task: String, full: Bool = false) async throws -> SyncReport {
        let started = ContinuousClock.now
        // The sync's time: what it stores is stamped with it (`seen`, `changed`), and the task's `synced_at`.
        let stamp = Int(Date().timeIntervalSince1970)
        let before = client.stats
        let syncID = UUID().uuidString
        guard !store.readOnly else {
            throw MirrorError(
                "the mirror \(store.path) is read-only: queries work, but a sync must write it "
                    + "(chmod u+w '\(store.path)')")
        }
        let previous: MirrorTaskInfo?
        do {
            try store.lock(account: account, task: task, syncID: syncID)
            previous = try store.taskInfo(account: account, task: task)
            // Only an incremental sync asks the staging by order id.
            try store.prepareStaging(byOrder: !(full || previous == nil))
        } catch {
            throw MirrorError.describing(error, path: store.path)
        }
        do {
            var stager = Stager(store: store, syncID: syncID, progress: progress)
            let plan: ApplyPlan
            if full || previous == nil {
                log("sync \(task): \(previous == nil ? "first sync" : "full sync"): reading every page")
                try await read(task, ListOrderOptions(), listing: .all, into: &stager)
                plan = .full
            } else {
                plan = try await incremental(task, into: &stager)
            }
            var calls: CallsUpdate?
            let keeps = try previous != nil && store.keepsCalls(account: account, task: task)
            let batch = callsBatch ?? (keeps && !(full && mayDropCalls) ? detailBatch : nil)
            if let batch { calls = try await readCalls(task, syncID: syncID, full: plan.isFull, batch: batch) }
            let requests = (client.stats - before).requests
            let seconds = (ContinuousClock.now - started).seconds
            let kind: SyncReport.Kind =
                switch plan {
                case .full: .full
                case .incremental(reread: false): .incremental
                case .incremental(reread: true): .reread
                }
            let applying = ContinuousClock.now
            let applied = try store.apply(
                account: account, task: task, syncID: syncID, plan: plan, stamp: stamp,
                record: (kind.rawValue, requests, seconds), calls: calls)
            for (step, c) in applied.steps {
                log("sync \(task): applied \(step): \(c.new) new, \(c.changed) updated, \(c.gone) gone")
            }
            // The WAL holds every page the sync wrote: fold it into the file and cut it back to
            // nothing, then record the time the whole sync took, applying included.
            let checkpointing = ContinuousClock.now
            store.checkpoint()
            log(
                "sync \(task): read in " + String(format: "%.2f s", seconds) + ", applied in "
                    + String(format: "%.2f s", (checkpointing - applying).seconds) + ", written back from the WAL in "
                    + String(format: "%.2f s", (ContinuousClock.now - checkpointing).seconds))
            let whole = (ContinuousClock.now - started).seconds
            try? store.recordSeconds(account: account, task: task, whole)
            var report = SyncReport(
                task: task, kind: kind, orders: applied.orders, unfinished: applied.unfinished,
                requests: requests, seconds: max(seconds, whole))
            report.changes = applied.changes
            report.stamp = applied.stamp
            report.droppedCalls = keeps && batch == nil
            if report.droppedCalls {
                log("sync \(task): call attempts dropped: `sync task '\(task)' full` with sync_calls = off")
            }
            return report
        } catch {
            store.abandon(account: account, task: task, syncID: syncID)
            throw error is DatabaseError ? MirrorError.describing(error, path: store.path) : error
        }
    }

    /// Steps 1–4 of an incremental sync (docs/MIRROR.md, "How a sync stays exact and cheap").
    private func incremental(_ task: String, into stager: inout Stager) async throws -> ApplyPlan {
        var mark = client.stats
        func spent() -> Int {
            let now = client.stats
            defer { mark = now }
            return (now - mark).requests
        }
        var unfinishedOptions = ListOrderOptions()
        unfinishedOptions.finish = 1
        let seen = try await read(task, unfinishedOptions, listing: .unfinished, into: &stager)
        log("sync \(task): step 1: \(seen.count) unfinished orders on the server (finish: 1 pushed; \(spent()) requests)")

        let held = try store.unfinishedIDs(account: account, task: task)
        let missing = held.filter { !seen.contains($0) }
        var returned = 0
        if !missing.isEmpty {
            var byID = ListOrderOptions()
            byID.orderID = missing
            returned = try await read(task, byID, listing: .byID, into: &stager).count
        }
        log(
            "sync \(task): step 2: \(missing.count) orders the mirror held unfinished were not among them; asked by id: "
                + "\(returned) came back, \(missing.count - returned) vanished (\(spent()) requests)")

        // One reply, one instant: how many orders the task has now, and its newest ones.
        let front = try await client.orderScan(
            task: task, options: ListOrderOptions(), pages: 1...1, size: pageSize,
            concurrency: 1
        ).selecting(MirrorRow.touchedPaths)
        let onServer = front.totalCount
        var frontIDs = 0
        for try await page in front {
            try stager.stage(page.orders, listing: .front)
            frontIDs += page.orders.count
        }
        let known = try store.knownAfterStaging(account: account, task: task, syncID: stager.syncID)
        log(
            "sync \(task): step 3: the server has \(onServer) orders; the first page (\(frontIDs) orders) read with the count "
                + "(\(spent()) request)")
        if known == onServer {
            log("sync \(task): step 4: the mirror would hold \(known) orders, every order the server has: incremental")
            return .incremental(reread: false)
        }
        if known < onServer, try await newestFinished(task, known: known, onServer: onServer, into: &stager) {
            log(
                "sync \(task): step 4: the orders that finished unseen were among the newest finished: incremental (\(spent()) requests)"
            )
            return .incremental(reread: false)
        }
        let now = try store.knownAfterStaging(account: account, task: task, syncID: stager.syncID)
        log(
            "sync \(task): step 4: the mirror would hold \(now) orders but the server has \(onServer) "
                + "(\(now < onServer ? "orders finished unseen" : "finished orders deleted")): re-reading every finished order")
        var finishedOptions = ListOrderOptions()
        finishedOptions.finish = 2
        try await read(task, finishedOptions, listing: .finished, into: &stager)
        log("sync \(task): step 4: finished orders re-read (\(spent()) requests)")
        // Offset paging does not see through removals: a finished order deleted during the re-read
        // shifts the later ones forward, and one may slip past a page boundary. So the finished
        // orders the mirror holds that the re-read did not return are asked for by id: only those
        // that do not come back are gone.
        let unreturned = try store.finishedNotStaged(account: account, task: task, syncID: stager.syncID)
        if !unreturned.isEmpty {
            var byID = ListOrderOptions()
            byID.orderID = unreturned
            let back = try await read(task, byID, listing: .verify, into: &stager).count
            log(
                "sync \(task): step 4: \(unreturned.count) finished orders the mirror held were not re-read; asked by id: "
                    + "\(back) came back, \(unreturned.count - back) were deleted (\(spent()) requests)")
        }
        return .incremental(reread: true)
    }

    /// Step 4's first try when orders finished unseen: they arrived since the mirror last saw the
    /// task (a server lists the newest orders first), so they are among the newest finished orders.
    /// Reads the finished listing a page at a time from its first page until the mirror would hold
    /// `onServer` orders (true) — or it would hold more (finished orders were deleted), the listing
    /// ended, or three pages past the shortfall did not close it (false: every finished order is re-read).
    private func newestFinished(
        _ task: String, known: Int, onServer: Int, into stager: inout Stager
    ) async throws -> Bool {
        var finishedOptions = ListOrderOptions()
        finishedOptions.finish = 2
        let most = (onServer - known + pageSize - 1) / pageSize + 3
        for number in 1...most {
            let scan = try await client.orderScan(
                task: task, options: finishedOptions, pages: number...number, size: pageSize, concurrency: 1
            ).selecting(MirrorRow.touchedPaths)
            var listed = 0
            for try await page in scan {
                try stager.stage(page.orders, listing: .newestFinished)
                listed += page.orders.count
            }
            let now = try store.knownAfterStaging(account: account, task: task, syncID: stager.syncID)
            log("sync \(task): step 4: finished page \(number): the mirror would hold \(now) of \(onServer) orders")
            if now == onServer { return true }
            if now > onServer || listed < pageSize { return false }
        }
        return false
    }

    /// Pages through `options`, staging every order; returns the ids read. A listing of the task
    /// (all, unfinished or finished orders) must add up: when every page reported the same
    /// totalCount and fewer distinct orders came than it says, the pages that did not add up
    /// (empty, short, repeated, orders without orderID) are fetched once more, and if the
    /// listing still falls short with a page still odd, the sync fails, leaving the mirror as it was.
    @discardableResult
    private func read(
        _ task: String, _ options: ListOrderOptions, listing: Listing,
        into stager: inout Stager
    ) async throws -> Set<String> {
        let scan = try await client.orderScan(task: task, options: options, size: pageSize, concurrency: concurrency)
            .selecting(MirrorRow.touchedPaths)
        var ids = Set<String>()
        var totals = Set<Int>()
        var odd: [(part: Int, page: Int, why: String)] = []
        for try await page in scan {
            try Task.checkCancellation()
            try stager.stage(page.orders, listing: listing)
            var fresh = 0
            for o in page.orders { if let id = o.orderID, ids.insert(id).inserted { fresh += 1 } }
            if let total = page.totalCount { totals.insert(total) }
            if let why = page.oddity(size: scan.pageSize, newIDs: fresh) { odd.append((page.part, page.page, why)) }
        }
        // A shortfall with no odd page comes from orders moving while the pages were read (a live
        // task): the later steps of the sync account for those. Odd pages are fetched again.
        guard listing.mustAddUp, scan.parts == 1, totals.count == 1, let total = totals.first, ids.count < total,
            !odd.isEmpty
        else {
            return ids
        }
        var still: [String] = []
        for (part, number, why) in odd {
            let page = try await scan.refetch(part: part, page: number)
            try stager.stage(page.orders, listing: listing)
            var fresh = 0
            for o in page.orders { if let id = o.orderID, ids.insert(id).inserted { fresh += 1 } }
            if page.totalCount != total || page.oddity(size: scan.pageSize, newIDs: fresh) != nil { still.append(why) }
        }
        if ids.count < total && !still.isEmpty {
            let what = "; " + still.joined(separator: "; ") + " (also when fetched again)"
            throw MirrorError(
                "the listing of task \(task)\(listing.name) does not add up: its totalCount says \(total) orders "
                    + "but \(ids.count) distinct orders with an orderID came\(what); the mirror was left as it was")
        }
        return ids
    }
}

/// Which read of a sync staged an order.
enum Listing: Int {
    case all = 0, unfinished = 1, byID = 3, finished = 4, front = 5, verify = 6
    /// The first pages of the finished orders (step 4's first try).
    case newestFinished = 7

    /// A listing whose distinct orders must number its totalCount (on a server that did not change).
    var mustAddUp: Bool { self == .all || self == .unfinished || self == .finished }

    /// ` (unfinished orders)`, for messages.
    var name: String {
        switch self {
        case .unfinished: " (unfinished orders)"
        case .finished: " (finished orders)"
        default: ""
        }
    }
}

/// How the final transaction applies what was staged.
enum ApplyPlan {
    case full
    case incremental(reread: Bool)

    var isFull: Bool { if case .full = self { true } else { false } }
}

/// Writes fetched orders to the staging table, one transaction per page.
struct Stager {
    let store: MirrorStore
    let syncID: String
    let progress: (@Sendable (Int, Int) -> Void)?
    var seq = 0
    var pages = 0

    init(store: MirrorStore, syncID: String, progress: (@Sendable (Int, Int) -> Void)?) {
        self.store = store; self.syncID = syncID; self.progress = progress
    }

    static let insertSQL = """
        INSERT INTO \(MirrorSchema.stagingTable) (sync_id, listing, seq, order_id, \(MirrorRow.columnNames.joined(separator: ", ")), json)
        VALUES (?, ?, ?, ?, \(MirrorRow.columnNames.map { _ in "?" }.joined(separator: ", ")), ?)
        """

    mutating func stage(_ orders: [Order], listing: Listing) throws {
        let first = seq
        seq += orders.count
        pages += 1
        let syncID = self.syncID
        // The columns are filled here, from the tree the page was read into: applying reads no JSON.
        let rows: [[DatabaseValue]] = orders.enumerated().compactMap { k, o in
            guard let id = o.orderID else { return nil }
            return [syncID.databaseValue, listing.rawValue.databaseValue, (first + k).databaseValue, id.databaseValue]
                + MirrorRow.values(o.json) + [String(decoding: o.raw, as: UTF8.self).databaseValue]
        }
        try store.pool.write { db in
            let insert = try db.cachedStatement(sql: Self.insertSQL)
            for row in rows { try insert.execute(arguments: StatementArguments(row)) }
        }
        progress?(pages, seq)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
