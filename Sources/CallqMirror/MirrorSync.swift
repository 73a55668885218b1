// The exact incremental sync (SPEC §10.3). A finished order does not change
// again, so a later sync reads only (1) every unfinished order, (2) the number F
// of finished orders, (3) by id, the orders the mirror held unfinished that (1)
// did not return; (4) if the mirror's finished orders then number exactly F it
// is done, else it re-reads every finished order. Fetched orders are staged
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

    /// `demo-task: 500 orders (24 unfinished), incremental, 3 requests, 0.12 s`
    public var line: String {
        "\(task): \(orders) orders (\(unfinished) unfinished), \(kind.rawValue), \(requests) request\(requests == 1 ? "" : "s"), "
            + String(format: "%.2f s", seconds)
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

    public init(store: MirrorStore, client: CallbotClient, account: String, pageSize: Int, concurrency: Int,
                log: @escaping @Sendable (String) -> Void, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.store = store; self.client = client; self.account = account
        self.pageSize = pageSize; self.concurrency = concurrency; self.log = log; self.progress = progress
    }

    /// Brings the mirror of `task` up to date; `full` reads every page even when it could be incremental.
    public func run(task: String, full: Bool = false) async throws -> SyncReport {
        let started = ContinuousClock.now
        let before = client.stats
        let syncID = UUID().uuidString
        try store.lock(account: account, task: task, syncID: syncID)
        do {
            let previous = try store.taskInfo(account: account, task: task)
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
            if let callsBatch { calls = try await readCalls(task, syncID: syncID, full: plan.isFull, batch: callsBatch) }
            let requests = (client.stats - before).requests
            let seconds = (ContinuousClock.now - started).seconds
            let kind: SyncReport.Kind = switch plan {
            case .full: .full
            case .incremental(reread: false): .incremental
            case .incremental(reread: true): .reread
            }
            let (orders, unfinished) = try store.apply(account: account, task: task, syncID: syncID, plan: plan,
                                                       record: (kind.rawValue, requests, seconds), calls: calls)
            return SyncReport(task: task, kind: kind, orders: orders, unfinished: unfinished, requests: requests,
                              seconds: seconds)
        } catch {
            store.abandon(account: account, task: task, syncID: syncID)
            throw error
        }
    }

    /// Steps 1–4 of an incremental sync.
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

        var finishedOptions = ListOrderOptions()
        finishedOptions.finish = 2
        let finishedOnServer = try await client.count(task: task, options: finishedOptions)
        log("sync \(task): step 2: \(finishedOnServer) finished orders on the server (finish: 2, size 1; \(spent()) request)")

        let held = try store.unfinishedIDs(account: account, task: task)
        let missing = held.filter { !seen.contains($0) }
        var returned = 0
        if !missing.isEmpty {
            var byID = ListOrderOptions()
            byID.orderID = missing
            returned = try await read(task, byID, listing: .byID, into: &stager).count
        }
        log("sync \(task): step 3: \(missing.count) orders the mirror held unfinished were not among them; asked by id: "
            + "\(returned) came back, \(missing.count - returned) vanished (\(spent()) requests)")

        let finishedAfter = try store.finishedAfterStaging(account: account, task: task, syncID: stager.syncID)
        if finishedAfter == finishedOnServer {
            log("sync \(task): step 4: the mirror holds \(finishedAfter) finished orders, as the server counts: incremental")
            return .incremental(reread: false)
        }
        log("sync \(task): step 4: the mirror would hold \(finishedAfter) finished orders but the server counts "
            + "\(finishedOnServer) (orders finished unseen, or finished orders deleted): re-reading every finished order")
        try await read(task, finishedOptions, listing: .finished, into: &stager)
        log("sync \(task): step 4: finished orders re-read (\(spent()) requests)")
        return .incremental(reread: true)
    }

    /// Pages through `options`, staging every order; returns the ids read.
    @discardableResult
    private func read(_ task: String, _ options: ListOrderOptions, listing: Listing,
                      into stager: inout Stager) async throws -> Set<String> {
        let scan = try await client.orderScan(task: task, options: options, size: pageSize, concurrency: concurrency)
        var ids = Set<String>()
        for try await page in scan {
            try Task.checkCancellation()
            try stager.stage(page.orders, listing: listing)
            for o in page.orders { if let id = o.orderID { ids.insert(id) } }
        }
        return ids
    }
}

/// Which read of a sync staged an order.
enum Listing: Int {
    case all = 0, unfinished = 1, byID = 3, finished = 4
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

    mutating func stage(_ orders: [Order], listing: Listing) throws {
        let first = seq
        seq += orders.count
        pages += 1
        let syncID = self.syncID
        try store.pool.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO \(MirrorSchema.stageTable) (sync_id, listing, seq, order_id, finish, json) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for (k, o) in orders.enumerated() {
                guard let id = o.orderID else { continue }
                try insert.execute(arguments: [syncID, listing.rawValue, first + k, id, MirrorRow.finish(o.json),
                                               String(decoding: o.raw, as: UTF8.self)])
            }
        }
        progress?(pages, seq)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
