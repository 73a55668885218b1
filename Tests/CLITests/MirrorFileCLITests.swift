// The mirror file when it is not as callq left it (#27-11): a damaged file is an
// error that names it and says to move it aside or run `sync full`, which keeps
// it aside and starts a new mirror; a file the user may read but not write (mode
// 0400, run as an unprivileged user) still answers queries, and a sync says why
// it cannot run.
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(2)))
struct MirrorFileCLITests {
    @Test func aDamagedMirrorNamesTheFileAndSyncFullStartsANewOne() throws {
        let sim = try SimProcess(["--tasks", "1", "--orders", "300"])
        defer { sim.stop() }
        let home = NSTemporaryDirectory() + "callq-mirror-\(UUID().uuidString)"
        let connection = [
            "--base-url", sim.baseURL, "--uuid", sim.uuid, "--secret-key", sim.secretKey,
            "--task", "demo-task", "--no-progress"
        ]
        #expect(try callq(connection + ["-c", "sync"], home: home).status == 0)
        let path = home + "/.cache/callq/mirror.sqlite3"
        // Overwrite every page but the first (the schema) with garbage.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 4096)
        handle.write(Data(repeating: 0xFF, count: max(0, size - 4096)))
        try handle.close()
        let broken = try callq(connection + ["-c", "orders from mirror"], home: home)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("the mirror \(path) is damaged"), "\(broken.stderr)")
        #expect(broken.stderr.contains("sync full"), "\(broken.stderr)")

        // A file that is not a database at all: the same message, and `sync full` starts anew.
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let notADatabase = try callq(connection + ["-c", "orders from mirror count"], home: home)
        #expect(notADatabase.status == 1)
        #expect(notADatabase.stderr.contains("is damaged"), "\(notADatabase.stderr)")
        let full = try callq(connection + ["-c", "sync full"], home: home)
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.hasPrefix("demo-task: 300 orders"), "\(full.stdout)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: home + "/.cache/callq")
        #expect(aside.contains { $0.hasPrefix("mirror.sqlite3.damaged-") }, "\(aside)")
        let count = try callq(connection + ["-c", "orders from mirror count", "--format", "csv"], home: home)
        #expect(count.stdout.contains("300"), "\(count.stdout)\(count.stderr)")
    }

    @Test func aReadOnlyMirrorAnswersQueriesAndASyncSaysWhyItCannotRun() throws {
        let sim = try SimProcess(["--tasks", "1", "--orders", "200"])
        defer { sim.stop() }
        let home = NSTemporaryDirectory() + "callq-mirror-ro-\(UUID().uuidString)"
        let connection = [
            "--base-url", sim.baseURL, "--uuid", sim.uuid, "--secret-key", sim.secretKey,
            "--task", "demo-task", "--no-progress"
        ]
        #expect(try callq(connection + ["-c", "sync"], home: home).status == 0)
        let path = home + "/.cache/callq/mirror.sqlite3"
        // Owned by an unprivileged user who may read but not write it (root could write anyway).
        let setup = try callq(
            [], shell: "chown -R 65534:65534 '\(home)' && chmod 0400 '\(path)' && chmod 0755 '\(home)'",
            home: home)
        #expect(setup.status == 0, "\(setup.stderr)")
        let args = (connection.map { "'\($0)'" }).joined(separator: " ")
        let unprivileged = "HOME='\(home)' setpriv --reuid=65534 --regid=65534 --clear-groups \"$CALLQ\" \(args)"
        let query = try callq([], shell: unprivileged + " --format csv -c 'orders from mirror count'", home: home)
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.contains("200"), "\(query.stdout)")
        let sync = try callq([], shell: unprivileged + " -c sync", home: home)
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("read-only"), "\(sync.stderr)")
    }
}
