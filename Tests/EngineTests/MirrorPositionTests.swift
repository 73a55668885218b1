// Where the mirror puts orders (schema v7: a task's orders lie in the table in
// position order under the task's key): new orders at the front of a task whose
// positions have no room left make the sync spread them out again, and a full
// sync lays the task out under a new key, keeping each order's stamps. Also the
// newest-finished step of a sync, and what `explain` says a sync under
// `auto_sync` would cost.
import CallbotSimulator
import Foundation
import Testing

@Suite(.serialized) struct MirrorPositionTests {
    @Test func ordersArrivingWhereNoPositionIsFreeAreStillPlacedInServerOrder() async throws {
        let h = try await MirrorTests.start(orders: 300)
        defer { Task { await h.stop() } }
        _ = try await MirrorTests.sync(h)
        let path = await h.session.mirrorPath
        // Squeeze the positions together: the first order just above the task's range start, the
        // others right after it, so no new order fits before or between them.
        try MirrorTestDatabase.executeScript(
            path,
            """
            UPDATE mirror_order SET position = -position;
            UPDATE mirror_order SET position = (task_key << 44) + 1
                + (SELECT COUNT(*) FROM mirror_order o WHERE o.position > mirror_order.position AND o.position < 0);
            """)
        #expect(try MirrorTestDatabase.scalar(path, "SELECT MIN(position) - (MIN(task_key) << 44) FROM mirror_order") == 1)
        let changes = h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: 4, arrive: 6)
        #expect(changes.arrived.count == 6)
        let s = try await MirrorTests.sync(h)
        #expect(s.line.contains("6 new") && s.line.contains("; incremental,"), "\(s.line)")
        try await MirrorTests.expectMirrorEqualsScan(h)
        // Spread out again: a gap between every two neighbours.
        #expect(
            try MirrorTestDatabase.scalar(
                path,
                "SELECT MIN(b.position - a.position) FROM mirror_order a JOIN mirror_order b ON b.position = "
                    + "(SELECT MIN(position) FROM mirror_order WHERE position > a.position)") >= 1 << 16)
    }

    @Test func aFullSyncMovesTheTaskToANewKeyKeepingStampsAndAttempts() async throws {
        let h = try await MirrorTests.start(orders: 200)
        defer { Task { await h.stop() } }
        try await h.session.execute("set sync_calls = on")
        _ = try await MirrorTests.sync(h)
        let path = await h.session.mirrorPath
        let key = try MirrorTestDatabase.scalar(path, "SELECT task_key FROM mirror_task_key")
        try MirrorTestDatabase.execute(path, "UPDATE mirror_order SET seen = 1000, changed = 2000")
        let attempts = try MirrorTestDatabase.scalar(path, "SELECT COUNT(*) FROM mirror_call")
        #expect(attempts > 0)
        let changes = h.sim.advanceCampaign(task: h.firstTask.userTaskID, finish: 3, arrive: 2)
        #expect(changes.finished.count == 3)
        let s = try await MirrorTests.sync(h, "sync full")
        #expect(s.line.contains("2 new, 3 finished, 0 changed, 0 gone") && s.line.contains("; full,"), "\(s.line)")
        try await MirrorTests.expectMirrorEqualsScan(h)
        #expect(try MirrorTestDatabase.scalar(path, "SELECT task_key FROM mirror_task_key") != key)
        #expect(try MirrorTestDatabase.scalar(path, "SELECT COUNT(DISTINCT task_key) FROM mirror_order") == 1)
        // Held orders kept when they were first seen; only the three that finished changed.
        #expect(try MirrorTestDatabase.scalar(path, "SELECT COUNT(*) FROM mirror_order WHERE seen = 1000") == 200)
        #expect(try MirrorTestDatabase.scalar(path, "SELECT COUNT(*) FROM mirror_order WHERE changed = 2000") == 197)
        #expect(try MirrorTestDatabase.scalar(path, "SELECT COUNT(DISTINCT task_key) FROM mirror_call") == 1)
        #expect(
            try MirrorTestDatabase.scalar(
                path, "SELECT COUNT(*) FROM mirror_call c JOIN mirror_order o USING (task_key, order_id)")
                == MirrorTestDatabase.scalar(path, "SELECT COUNT(*) FROM mirror_call"))
        try await h.session.execute("calls from mirror count")
        let viaMirror = h.takeOutput()
        try await h.session.execute("calls count")
        #expect(viaMirror == h.takeOutput())
    }
}

/// Step 4's first try (SPEC §10.3): orders that arrived and finished between two syncs are the
/// newest finished orders, found on the finished listing's first pages, not by a re-read.
@Suite(.serialized) struct MirrorNewestFinishedTests {
    @Test func ordersThatArrivedAndFinishedUnseenAreFoundOnTheFirstFinishedPages() async throws {
        let h = try await MirrorTests.start(orders: 600)
        defer { Task { await h.stop() } }
        _ = try await MirrorTests.sync(h)
        let task = h.firstTask.userTaskID
        let arrived = h.sim.advanceCampaign(task: task, arrive: 150)
        #expect(arrived.arrived.count == 150)
        h.sim.advanceCampaign(task: task, finish: MirrorTests.unfinished(h))
        #expect(MirrorTests.unfinished(h) == 0)
        let s = try await MirrorTests.sync(h)
        // The first page of all orders holds 100 of the 150; the finished listing's first two pages the rest.
        #expect(s.line.contains("150 new") && s.line.contains("; incremental,"), "\(s.line)")
        #expect(s.requests <= 12, "\(s.line)")
        try await MirrorTests.expectMirrorEqualsScan(h)
    }

    @Test func aDeletionFoundOnTheNewestFinishedPagesFallsBackToTheReRead() async throws {
        let h = try await MirrorTests.start(orders: 600)
        defer { Task { await h.stop() } }
        _ = try await MirrorTests.sync(h)
        let task = h.firstTask.userTaskID
        h.sim.advanceCampaign(task: task, arrive: 130)
        h.sim.advanceCampaign(task: task, finish: MirrorTests.unfinished(h))
        h.sim.advanceCampaign(task: task, delete: 3)
        let s = try await MirrorTests.sync(h)
        #expect(s.line.contains("incremental + finished re-read"), "\(s.line)")
        try await MirrorTests.expectMirrorEqualsScan(h)
    }
}

/// `explain … from mirror` under `auto_sync` says what the sync it would run first costs.
@Suite(.serialized) struct MirrorExplainSyncTests {
    @Test func explainUnderAutoSyncEstimatesTheIncrementalSync() async throws {
        let h = try await MirrorTests.start(orders: 1000)
        defer { Task { await h.stop() } }
        _ = try await MirrorTests.sync(h)
        let unfinished = MirrorTests.unfinished(h)
        let pages = max(1, (unfinished + 99) / 100)
        let finishedPages = (1000 - unfinished + 99) / 100
        try await h.session.execute("set auto_sync = 1s")
        try await Task.sleep(for: .milliseconds(2100))  // the last sync is now older than auto_sync
        _ = h.takeOutput()
        try await h.session.execute("explain orders from mirror count")
        let text = h.takeOutput()
        #expect(
            text.contains(
                "auto_sync: older than 1s; would sync first, incremental: \(pages + 1) to \(pages + 1 + (unfinished + 99) / 100) "
                    + "requests (\(unfinished) unfinished ÷ page size 100 = \(pages) page"), "\(text)")
        #expect(text.contains("a few more for the newest finished pages, and \(finishedPages) more to re-read"), "\(text)")
    }
}
