// `into` end to end (#27-1): a write error (a file-size limit standing in for a full
// disk) is exit 1 naming the path as written, `/dev/fd/N` is written through, and an
// existing writable file in a directory the user cannot write is rewritten in place.
import Foundation
import Testing

@Suite struct IntoTargetCLITests {
    /// Saved orders, about 14 KB: more than a 1 KiB file-size limit allows.
    static let orders = (1...200).map { #"{"orderID":"o\#($0)","userTaskID":"t1","phone":"+62000000\#($0)","callStatus":1}"# }
        .joined(separator: "\n") + "\n"

    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "callq-into-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a file-size limit (EFBIG) on an `into` file is exit 1 naming the file; nothing is left behind")
    func writeErrorOnAFile() throws {
        let dir = try scratch()
        let r = try callq([], stdin: Self.orders, shell: """
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
        let ok = try callq([], stdin: Self.orders, shell: """
            "$CALLQ" -c "orders from stdin select orderID limit 2 format csv into '/dev/fd/3'" 3>"\(dir)/fd3.csv"
            """)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try String(contentsOfFile: dir + "/fd3.csv", encoding: .utf8) == "orderID\r\no1\r\no2\r\n")
        let full = try callq([], stdin: Self.orders, shell: """
            ulimit -f 1; trap '' XFSZ
            "$CALLQ" -c "orders from stdin into '/dev/fd/3'" 3>"\(dir)/fd3.ndjson"
            """)
        #expect(full.status == 1)
        #expect(full.stderr.contains("cannot write '/dev/fd/3': File too large"), "\(full.stderr)")
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
        let r = try callq([], stdin: Self.orders, shell: """
            \(asUser)"$CALLQ" -c "orders from stdin select orderID limit 1 format csv into '\(path)'"
            """)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "orderID\r\no1\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }
}
