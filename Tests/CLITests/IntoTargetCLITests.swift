// `into` end to end (#27-1): a write error (a file-size limit, and a full tmpfs the test
// mounts) is exit 1 naming the path as written, `/dev/fd/N` is written through, a named
// pipe whose reader leaves early ends the statement quietly (no hang), and an existing
// writable file in a directory the user cannot write is rewritten in place.
import Foundation
import Testing

@Suite struct IntoTargetCLITests {
    /// Saved orders, about 14 KB: more than a 1 KiB file-size limit allows.
    static let orders =
        (1...200).map { #"{"orderID":"o\#($0)","userTaskID":"t1","phone":"+62000000\#($0)","callStatus":1}"# }
        .joined(separator: "\n") + "\n"

    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "callq-into-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a file-size limit (EFBIG) on an `into` file is exit 1 naming the file; nothing is left behind")
    func writeErrorOnAFile() throws {
        let dir = try scratch()
        let r = try callq(
            [], stdin: Self.orders,
            shell: """
                ulimit -f 1; trap '' XFSZ
                "$CALLQ" -c "orders from stdin into '\(dir)/big.ndjson'"
                """)
        #expect(r.status == 1)
        #expect(r.stderr.contains("'\(dir)/big.ndjson'"))
        #expect(r.stderr.contains("File too large"))
        #expect(!r.stderr.contains(".tmp"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test("`into '/dev/fd/3'` writes to descriptor 3, and its write error is exit 1")
    func devFdIsWrittenThrough() throws {
        let dir = try scratch()
        let ok = try callq(
            [], stdin: Self.orders,
            shell: """
                "$CALLQ" -c "orders from stdin select orderID limit 2 format csv into '/dev/fd/3'" 3>"\(dir)/fd3.csv"
                """)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try String(contentsOfFile: dir + "/fd3.csv", encoding: .utf8) == "orderID\r\no1\r\no2\r\n")
        let full = try callq(
            [], stdin: Self.orders,
            shell: """
                ulimit -f 1; trap '' XFSZ
                "$CALLQ" -c "orders from stdin into '/dev/fd/3'" 3>"\(dir)/fd3.ndjson"
                """)
        #expect(full.status == 1)
        #expect(full.stderr.contains("cannot write '/dev/fd/3': File too large"), "\(full.stderr)")
        // `/dev/stdout` is descriptor 1 (here the test's pipe), not a path to replace.
        let out = try callq(
            ["-c", "orders from stdin select orderID limit 2 format csv into '/dev/stdout'"],
            stdin: Self.orders)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout == "orderID\r\no1\r\no2\r\n")
    }

    @Test("an existing writable file in a directory the user cannot write is rewritten in place")
    func writableFileInAReadOnlyDirectory() throws {
        let dir = try scratch()
        let path = dir + "/out.csv"
        try Data("old contents that are longer than the new ones\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o666)
        chmod(dir, 0o555)
        defer { chmod(dir, 0o755) }
        // Root may write anywhere: run callq as `nobody` then.
        let asUser = geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""
        let r = try callq(
            [], stdin: Self.orders,
            shell: """
                \(asUser)"$CALLQ" -c "orders from stdin select orderID limit 1 format csv into '\(path)'"
                """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "orderID\r\no1\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }

    @Test("a named pipe whose reader leaves early: callq stops quietly, the pipe stays a pipe")
    func fifoWhoseReaderExits() throws {
        let dir = try scratch()
        let many =
            (1...3000).map { #"{"orderID":"o\#($0)","userTaskID":"t1","userName":"name \#($0)"}"# }
            .joined(separator: "\n") + "\n"  // far more than a pipe holds
        #expect(mkfifo(dir + "/pipe", 0o600) == 0)
        let r = try callq(
            [], stdin: many,
            shell: """
                head -c 100 "\(dir)/pipe" > "\(dir)/got" &
                timeout 20 "$CALLQ" -c "orders from stdin into '\(dir)/pipe'"
                status=$?; wait; exit $status
                """)
        #expect(r.status == 0, "\(r.stderr)")  // as `| head` on stdout: no error, no hang (timeout is 124)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/got")).count == 100)
        var st = stat()
        #expect(lstat(dir + "/pipe", &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["got", "pipe"])
    }

    /// Whether the test may mount a tmpfs in a mount namespace of its own (root with unshare).
    static let canMountTmpfs: Bool = {
        guard geteuid() == 0, let r = try? callq([], shell: "unshare -m true") else { return false }
        return r.status == 0
    }()

    @Test(
        "a full disk (a 16 KB tmpfs) is exit 1 with ENOSPC; a file and a symlink's target keep their contents",
        .enabled(if: canMountTmpfs))
    func fullDiskIsAWriteError() throws {
        let dir = try scratch()
        try FileManager.default.createDirectory(atPath: dir + "/full", withIntermediateDirectories: false)
        let r = try callq(
            [], stdin: Self.orders + Self.orders,
            shell: """
                unshare -m bash -c '
                  mount -t tmpfs -o size=16k tmpfs "\(dir)/full" || exit 99
                  printf "old\\n" > "\(dir)/full/out.ndjson"
                  ln -s full/out.ndjson "\(dir)/link.ndjson"
                  cat > "\(dir)/orders.ndjson"
                  "$CALLQ" -c "orders from file '"'"'\(dir)/orders.ndjson'"'"' into '"'"'\(dir)/full/out.ndjson'"'"'"
                  echo "file $?"
                  "$CALLQ" -c "orders from file '"'"'\(dir)/orders.ndjson'"'"' into '"'"'\(dir)/link.ndjson'"'"'"
                  echo "link $?"
                  cat "\(dir)/full/out.ndjson"; ls -A "\(dir)/full"; test -L "\(dir)/link.ndjson" && echo "still a link"'
                """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "file 1\nlink 1\nold\nout.ndjson\nstill a link\n", "\(r.stdout)")
        #expect(r.stderr.contains("cannot write '\(dir)/full/out.ndjson': No space left on device"), "\(r.stderr)")
        #expect(r.stderr.contains("cannot write '\(dir)/link.ndjson': No space left on device"), "\(r.stderr)")
    }
}
