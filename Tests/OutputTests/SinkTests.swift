// Sinks and progress: `into` replaces a file only on commit, a closed pipe is
// `.brokenPipe`, and the progress line draws only on a terminal.
import Foundation
import Synchronization
import Testing

@testable import CallqOutput

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SinkTests {
    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "callq-out-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test func abortLeavesAnExistingFileUntouched() throws {
        let dir = try scratch()
        let path = dir + "/report.csv"
        try Data("old contents\n".utf8).write(to: URL(fileURLWithPath: path))
        let sink = try OutputSink.file(atPath: path)
        try sink.write(String(repeating: "new row\n", count: 20_000))  // past the buffer: really on disk
        try sink.flush()
        #expect(sink.temporaryPath.map(FileManager.default.fileExists) == true)
        sink.abort()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old contents\n")
        #expect(entries(dir) == ["report.csv"])
        #expect(throws: OutputError.closed) { try sink.write("late") }
    }

    @Test func commitReplacesTheFileAndKeepsItsMode() throws {
        let dir = try scratch()
        let path = dir + "/out.ndjson"
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o640)
        let sink = try OutputSink.file(atPath: path)
        try sink.write("{\"a\":1}\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        try sink.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"a\":1}\n")
        #expect(entries(dir) == ["out.ndjson"])
        var st = stat()
        stat(path, &st)
        #expect(st.st_mode & 0o777 == 0o640)
    }

    @Test func commitCreatesANewFile() throws {
        let dir = try scratch()
        let sink = try OutputSink.file(atPath: dir + "/new.json")
        var writer = makeWriter(OutputOptions(format: .json), sink: sink)
        try writer.begin(columns: [Column("n", .integer)])
        try writer.write(OutputRow([1]))
        try writer.finish(.init(rows: 1, requests: 0, seconds: 0))
        try sink.commit()
        #expect(try String(contentsOfFile: dir + "/new.json", encoding: .utf8) == "[\n{\"n\":1}\n]\n")
    }

    @Test func aMissingDirectoryIsAnError() throws {
        let dir = try scratch()
        #expect(throws: OutputError.self) { try OutputSink.file(atPath: dir + "/no/such/dir/x.csv") }
        #expect(throws: OutputError.self) { try OutputSink.file(atPath: dir) }
    }

    @Test func closedPipeIsBrokenPipe() throws {
        OutputSink.ignoreBrokenPipeSignal()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        let sink = OutputSink(fileDescriptor: fds[1])
        try sink.write("nobody reads this\n")  // buffered: no error yet
        #expect(throws: OutputError.brokenPipe) { try sink.flush() }
        #expect(throws: OutputError.brokenPipe) { try sink.write("again") }
    }

    @Test func flushDeliversToAReader() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let sink = OutputSink(fileDescriptor: fds[1])
        try sink.write("row 1\n")
        try sink.flush()
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(fds[0], &buffer, 64)
        #expect(n == 6)
        #expect(Array(buffer.prefix(6)) == Array("row 1\n".utf8))
    }

    @Test func largeOutputReachesAConcurrentReaderIntact() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let received = Mutex<[UInt8]>([])
        let readEnd = fds[0]
        let reader = Thread {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(readEnd, &chunk, chunk.count)
                if n <= 0 { break }
                received.withLock { $0.append(contentsOf: chunk[0..<n]) }
            }
            close(readEnd)
        }
        reader.start()
        let sink = OutputSink(fileDescriptor: fds[1])
        var expected: [UInt8] = []
        for i in 0..<20_000 {
            let line = Array("{\"n\":\(i),\"name\":\"张伟\"}\n".utf8)
            expected += line
            try sink.write(line)
            if i % 1000 == 0 { try sink.flush() }
        }
        try sink.flush()
        close(fds[1])
        while received.withLock({ $0.count }) < expected.count && !reader.isFinished { usleep(1000) }
        while !reader.isFinished { usleep(1000) }
        #expect(received.withLock { $0 } == expected)
    }

    @Test func aFailedCommitIsAnErrorAndClosesTheSink() throws {
        let dir = try scratch()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        let sink = try OutputSink.file(atPath: dir + "/sub/x.csv")
        try sink.write("a,b\r\n")
        try FileManager.default.removeItem(atPath: dir + "/sub")  // the directory vanishes mid-query
        #expect(throws: OutputError.self) { try sink.commit() }
        #expect(throws: OutputError.closed) { try sink.write("more") }
        sink.abort()  // harmless after a failed commit
        #expect(entries(dir).isEmpty)
    }

    @Test func progressText() {
        #expect(
            ProgressLine.text(pagesDone: 3, pagesTotal: 20, rows: 300, elapsed: .milliseconds(240))
                == "pages 3/20 · 300 rows · 1,250 rows/s")
        #expect(ProgressLine.text(pagesDone: 1, pagesTotal: nil, rows: 1, elapsed: .zero) == "pages 1/? · 1 row")
        #expect(
            ProgressLine.text(
                pagesDone: 3, pagesTotal: 20, rows: 300, elapsed: .milliseconds(240),
                counting: .read("order")) == "pages 3/20 · 300 orders read · 1,250 orders/s")
        #expect(
            ProgressLine.text(pagesDone: 2, pagesTotal: 20, rows: 1, elapsed: .zero, counting: .read("call"))
                == "pages 2/20 · 1 call read")
        #expect(ProgressLine.grouped(1_234_567) == "1,234,567")
        #expect(ProgressLine.grouped(999) == "999")
    }

    @Test func progressIsSilentOffATerminal() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let progress = ProgressLine(enabled: true, fileDescriptor: fds[1])
        #expect(!progress.isActive)
        #expect(!ProgressLine(enabled: false, fileDescriptor: fds[1]).isActive)
    }

    @Test func progressStaysHiddenForASingleRequest() {
        let drawn = Mutex(0)
        let progress = ProgressLine(active: true) { _ in drawn.withLock { $0 += 1 } }
        progress.update(pagesDone: 1, pagesTotal: 1, rows: 100, force: true)
        progress.update(pagesDone: 1, pagesTotal: nil, rows: 100, force: true)
        progress.finish()
        #expect(drawn.withLock { $0 } == 0)
        #expect(Terminal.width(-1) == nil || Terminal.width(-1)! > 0)
        #expect(!Terminal.isTerminal(-1))
    }

    @Test func progressRedrawsInPlaceThrottledAndErases() async {
        let drawn = Mutex<[String]>([])
        let progress = ProgressLine(active: true) { bytes in
            drawn.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
        }
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<4 {
                group.addTask {
                    for i in 0..<250 { progress.update(pagesDone: i, pagesTotal: 1000, rows: t * 1000 + i) }
                }
            }
        }
        progress.update(pagesDone: 1000, pagesTotal: 1000, rows: 5000, force: true)
        progress.finish()
        progress.update(pagesDone: 1, pagesTotal: 1, rows: 1, force: true)  // after finish: nothing
        let lines = drawn.withLock { $0 }
        #expect(lines.count >= 3)
        #expect(lines.count < 500)  // 1000 updates in far less than 50 s: throttled
        #expect(lines.allSatisfy { $0.hasPrefix("\r\u{1B}[2K") })
        #expect(lines.dropLast().last?.contains("pages 1,000/1,000 · 5,000 rows") == true)
        #expect(lines.last == "\r\u{1B}[2K")
    }
}

/// `into` over what is not a regular file (#27-1): FIFOs, symlinks and inherited
/// descriptors are written through or followed, never replaced.
@Suite struct SinkTargetTests {
    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "callq-into-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func kind(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    @Test func aFifoIsWrittenThroughAndStaysAFifo() throws {
        let dir = try scratch()
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = Mutex<[UInt8]>([])
        let reader = Thread {
            let fd = open(fifo, O_RDONLY)
            var chunk = [UInt8](repeating: 0, count: 4096)
            while fd >= 0 {
                let n = read(fd, &chunk, chunk.count)
                if n <= 0 { break }
                received.withLock { $0 += chunk[..<n] }
            }
            close(fd)
        }
        reader.start()
        let sink = try OutputSink.file(atPath: fifo)  // waits for the reader, as `>` does
        try sink.write("{\"a\":1}\n")
        try sink.commit()
        while !reader.isFinished { usleep(1000) }
        #expect(String(decoding: received.withLock { $0 }, as: UTF8.self) == "{\"a\":1}\n")
        #expect(kind(fifo) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["pipe"])
    }

    @Test func aSymlinksTargetIsReplacedAndTheLinkKept() throws {
        let dir = try scratch()
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: false)
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: dir + "/data/real.csv"))
        chmod(dir + "/data/real.csv", 0o640)
        #expect(symlink("data/real.csv", dir + "/link.csv") == 0)
        var before = stat()
        stat(dir + "/data/real.csv", &before)
        let reader = open(dir + "/data/real.csv", O_RDONLY)  // a reader of the old file while it is replaced
        defer { close(reader) }
        let sink = try OutputSink.file(atPath: dir + "/link.csv")
        try sink.write("new\n")
        #expect(try String(contentsOfFile: dir + "/data/real.csv", encoding: .utf8) == "old\n")  // nothing before commit
        try sink.commit()
        #expect(kind(dir + "/link.csv") == S_IFLNK)
        #expect(try String(contentsOfFile: dir + "/data/real.csv", encoding: .utf8) == "new\n")
        // Replaced by a rename (a new file), not rewritten: the old reader still sees the old bytes.
        var after = stat()
        stat(dir + "/data/real.csv", &after)
        #expect(after.st_ino != before.st_ino)
        var old = [UInt8](repeating: 0, count: 16)
        #expect(read(reader, &old, old.count) == 4)
        #expect(Array(old.prefix(4)) == Array("old\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/data") == ["real.csv"])
        var st = stat()
        stat(dir + "/data/real.csv", &st)
        #expect(st.st_mode & 0o777 == 0o640)
        // A dangling link creates its target.
        #expect(symlink("data/fresh.csv", dir + "/dangling.csv") == 0)
        let second = try OutputSink.file(atPath: dir + "/dangling.csv")
        try second.write("x\n")
        try second.commit()
        #expect(kind(dir + "/dangling.csv") == S_IFLNK)
        #expect(try String(contentsOfFile: dir + "/data/fresh.csv", encoding: .utf8) == "x\n")
    }

    @Test func aDeviceIsWrittenThroughAndStaysADevice() throws {
        // A pseudo-terminal the test opens: a character device that is not /dev/null.
        var master: Int32 = -1, slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 256)
        try #require(openpty(&master, &slave, &name, nil, nil) == 0)
        defer { close(master); close(slave) }  // the slave held open so the master stays readable
        let device = String(cString: name)
        var raw = termios()
        tcgetattr(slave, &raw)
        cfmakeraw(&raw)
        tcsetattr(slave, TCSANOW, &raw)
        let sink = try OutputSink.file(atPath: device)
        #expect(sink.temporaryPath == nil)
        try sink.write("to the device\n")
        try sink.commit()
        var chunk = [UInt8](repeating: 0, count: 64)
        let n = read(master, &chunk, chunk.count)
        #expect(String(decoding: chunk[..<max(n, 0)], as: UTF8.self) == "to the device\n")
        #expect(kind(device) == S_IFCHR)
    }

    @Test func devFdNWritesToThatDescriptor() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = try OutputSink.file(atPath: "/dev/fd/\(fds[1])")
        close(fds[1])  // the sink holds its own duplicate
        try sink.write("through\n")
        try sink.commit()
        var chunk = [UInt8](repeating: 0, count: 64)
        let n = read(fds[0], &chunk, chunk.count)
        #expect(n == 8)
        #expect(String(decoding: chunk[..<max(n, 0)], as: UTF8.self) == "through\n")
        #expect(read(fds[0], &chunk, chunk.count) == 0)  // closed at commit: the reader sees the end
    }
}
