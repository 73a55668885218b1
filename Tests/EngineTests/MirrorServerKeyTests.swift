// A mirror belongs to one server (SPEC §10.1 "Round three"): two servers with the
// same account and task names never read each other's mirror, `mirrors` shows the
// server, and a mirror file an older callq made (schema without the lock's start
// time, orders keyed by the bare uuid, no sync stamps) is migrated and adopted on first use.
import CallbotAPI
import CallbotSimulator
import CallqKit
import Foundation
import Testing

@Suite(.serialized) struct MirrorServerKeyTests {
    /// A second session on the same files, talking to `sim`.
    static func session(_ sim: RunningSimulator, _ h: Harness, paths: CallqPaths) throws -> CallqSession {
        let connection = ConnectionSettings(baseURL: sim.baseURL, credentials: sim.credentials, tasks: [sim.taskIDs[0]])
        var settings = SessionSettings(environment: [:])
        try settings.apply("format", "ndjson")
        return CallqSession(connection: connection, settings: settings, output: h.target, paths: paths, warn: { _ in })
    }

    @Test func anotherServerWithTheSameAccountAndTaskHasItsOwnMirror() async throws {
        let paths = Harness.scratchPaths()
        let h = try await Harness.start(seed: 21, tasks: 1, orders: 200, paths: paths)
        defer { Task { await h.stop() } }
        try await h.session.execute("sync")
        let other = try await SimulatorServer.start(SimulatorConfig(seed: 21, tasks: 1, orders: 50))
        defer { Task { await other.stop() } }
        #expect(other.credentials.uuid == h.sim.credentials.uuid && other.taskIDs[0] == h.sim.taskIDs[0])
        let s = try Self.session(other, h, paths: paths)
        defer { Task { await s.close() } }
        await #expect(throws: CallqError.self) { try await s.execute("orders from mirror count") }
        _ = h.takeOutput()
        try await s.execute("sync")
        #expect(h.takeOutput().hasPrefix("\(other.taskIDs[0]): 50 orders"))
        try await s.execute("orders from mirror")
        #expect(h.takeOutput().split(separator: "\n").count == 50)
        try await h.session.execute("orders from mirror")
        #expect(h.takeOutput().split(separator: "\n").count == 200)
        try await h.session.execute("mirrors")
        #expect(h.takeOutput().contains(h.sim.baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))))
    }

    @Test func aMirrorFileOfTheOldSchemaIsMigratedAndAdopted() async throws {
        let paths = Harness.scratchPaths()
        let h = try await Harness.start(seed: 21, tasks: 1, orders: 200, paths: paths)
        defer { Task { await h.stop() } }
        try await h.session.execute("set sync_calls = on")
        try await h.session.execute("sync")
        _ = h.takeOutput()
        try await h.session.execute("orders from mirror")
        let before = h.takeOutput()
        try await h.session.execute("calls from mirror where status = busy select id, attempt, status")
        let callsBefore = h.takeOutput()
        #expect(!callsBefore.isEmpty)
        let path = await h.session.mirrorPath
        await h.session.close()
        // Make it the file an older callq left: orders keyed by the bare uuid, the lock without
        // the holder's start time and host, the v5 migration not applied.
        let uuid = h.sim.credentials.uuid
        try MirrorTestDatabase.downgradeToV6(path)
        for table in ["mirror_order", "mirror_task", "mirror_lock", "mirror_call", "mirror_call_order", "mirror_call_task"] {
            try MirrorTestDatabase.execute(path, "UPDATE \(table) SET account = '\(uuid)'")
        }
        try MirrorTestDatabase.execute(path, "ALTER TABLE mirror_lock DROP COLUMN pid_started")
        try MirrorTestDatabase.execute(path, "ALTER TABLE mirror_lock DROP COLUMN host")
        try MirrorTestDatabase.execute(path, "DELETE FROM grdb_migrations WHERE identifier LIKE 'v5%'")
        // … and without the sync stamps (schema v6).
        for column in ["seen", "changed"] {
            try MirrorTestDatabase.execute(path, "DROP INDEX mirror_order_\(column)")
            for table in ["mirror_order", "mirror_call"] {
                try MirrorTestDatabase.execute(path, "ALTER TABLE \(table) DROP COLUMN \(column)")
            }
        }
        try MirrorTestDatabase.execute(path, "DELETE FROM grdb_migrations WHERE identifier LIKE 'v6%'")
        #expect(try MirrorTestDatabase.scalar(path, "SELECT COUNT(*) FROM mirror_order WHERE account = '\(uuid)'") == 200)

        let s = try Self.session(h.sim, h, paths: paths)
        defer { Task { await s.close() } }
        let opened = Int(Date().timeIntervalSince1970)
        try await s.execute("orders from mirror")
        #expect(h.takeOutput() == before)
        try await s.execute("calls from mirror where status = busy select id, attempt, status")
        #expect(h.takeOutput() == callsBefore)
        // The orders mirrored before the stamps existed were stamped by the migration.
        #expect(
            try MirrorTestDatabase.scalar(
                path,
                """
                SELECT COUNT(*) FROM mirror_order WHERE seen = changed AND seen BETWEEN \(opened) AND \(opened + 5)
                """) == 200)
        try await s.execute("orders from mirror where seen >= \(opened) and changed >= \(opened) count")
        #expect(h.takeOutput().contains("200"))
        #expect(
            try MirrorTestDatabase.scalar(
                path, "SELECT COUNT(*) FROM mirror_order JOIN mirror_task_key USING (task_key) WHERE account LIKE '\(uuid)@http%'"
            )
                == 200)
        #expect(
            try MirrorTestDatabase.scalar(
                path, "SELECT COUNT(*) FROM pragma_table_info('mirror_lock') WHERE name IN ('pid_started', 'host')") == 2)
        _ = h.takeOutput()
        try await s.execute("sync")
        #expect(h.takeOutput().contains("incremental"))
    }
}
