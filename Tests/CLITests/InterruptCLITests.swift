// Ctrl-C (SIGINT) stops any statement within a second (#27-5): a long parse (one line
// of tens of megabytes, which used to be read a megabyte at a time, each step copying
// all before it, and then checked whole before anyone listened) and a big sort (all
// input handed over, the sort running). The regex case is in RegexCLITests.
import Foundation
import Testing

@Suite("Ctrl-C during long statements", .serialized)
struct InterruptCLITests {
    /// A running `callq -c TEXT` with stdin from a pipe the test writes.
    struct Running {
        let process: Process
        let input: FileHandle

        init(_ text: String, directory: String) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: productsDirectory() + "/callq")
            process.arguments = ["--no-progress", "-c", text]
            process.environment = ["HOME": NSTemporaryDirectory(), "PATH": "/usr/bin:/bin", "TZ": "UTC"]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let pipe = Pipe()
            process.standardInput = pipe
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            input = pipe.fileHandleForWriting
            try process.run()
        }

        /// Sends SIGINT; returns the seconds until the process ended, and checks it ended with 130.
        func interrupt() throws -> Double {
            try #require(process.isRunning, "the statement ended before the signal")
            let sent = Date()
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            let seconds = Date().timeIntervalSince(sent)
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 130)
            return seconds
        }
    }

    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "callq-interrupt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("SIGINT while a 40 MB line is read and parsed ends the statement within a second")
    func interruptStopsALongParse() throws {
        let dir = try scratch()
        let item = #"{"k":12345,"v":"abcdefghabcdefghabcdefghabcdefgh"},"#
        let line =
            #"{"orderID":"o1","userTaskID":"t","userName":"x","extra":["#
            + String(repeating: item, count: 800_000) + #"{}]}"# + "\n"
        try Data(line.utf8).write(to: URL(fileURLWithPath: dir + "/huge.ndjson"))
        let run = try Running("orders from file 'huge.ndjson' select id, name", directory: dir)
        try run.input.close()
        usleep(700_000)  // well inside the line's reading and checking
        #expect(try run.interrupt() < 1.0)
    }

    @Test("SIGINT while 200,000 orders are sorted ends the statement within a second, leaving no file")
    func interruptStopsABigSort() throws {
        let dir = try scratch()
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(200_000 * 110)
        for i in 0..<200_000 {
            let name = String(UInt64.random(in: 0..<1_000_000_000, using: &generator))
            text += #"{"orderID":"o\#(i)","userTaskID":"t","userName":"n\#(name)","callInfoDetail":{"callStatus":1}}"# + "\n"
        }
        let run = try Running("orders from stdin order by name into 'sorted.ndjson'", directory: dir)
        run.input.write(Data(text.utf8))  // returns once callq has read all but a pipe's worth
        try run.input.close()
        usleep(500_000)  // the last chunks parsed: the sort is running (several seconds in a debug build)
        #expect(try run.interrupt() < 1.0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
