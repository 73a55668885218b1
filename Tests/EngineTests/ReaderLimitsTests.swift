// The saved-file reader's bounds: a line longer than `max_line` is an error (a
// stream without a newline no longer grows until memory runs out), a cancelled
// read stops while a chunk is still coming, and bytes that are not UTF-8 make a
// bad line, as they make an API reply unreadable.
import CallbotAPI
import CallqEngine
import CallqJSON
import Foundation
import Synchronization
import Testing

@Suite struct ReaderLimitsTests {
    func temp(_ bytes: [UInt8], _ name: String = "orders.ndjson") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("callq-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func order(_ id: String, name: String = "n") -> [UInt8] {
        Array(#"{"orderID":"\#(id)","userName":"\#(name)","callInfoDetail":{"callStatus":6,"callDuration":12}}"#.utf8) + [0x0A]
    }

    func readAll(_ reader: OrderFileReader) throws -> [Order] {
        var orders: [Order] = []
        while let batch = try reader.nextBatch() { orders += batch }
        return orders
    }

    // MARK: max_line

    @Test func aLineLongerThanMaxLineIsAnErrorNamingTheLine() throws {
        let long =
            Array(#"{"orderID":"big","userName":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 3 << 20)
            + Array(#""}"#.utf8) + [0x0A]
        let path = try temp(Self.order("a") + long + Self.order("b"))
        let reader = try OrderFileReader(path: path, badLine: .fail, maxLine: 2 << 20)
        let error = #expect(throws: BadInputError.self) { _ = try readAll(reader) }
        #expect(error?.line == 2)
        #expect(error?.message.contains("max_line (2 MB)") == true)
        // Under the limit the same line reads.
        let roomy = try OrderFileReader(path: path, badLine: .fail, maxLine: 4 << 20)
        #expect(try readAll(roomy).map(\.orderID) == ["a", "big", "b"])
    }

    @Test func aFirstLineLongerThanMaxLineIsAnErrorToo() throws {
        // The first line decides the input's shape: it is bounded as well.
        let path = try temp(Array("{\"orderID\":".utf8) + Array(repeating: UInt8(ascii: " "), count: 3 << 20))
        let reader = try OrderFileReader(path: path, badLine: .fail, maxLine: 2 << 20)
        let error = #expect(throws: BadInputError.self) { _ = try readAll(reader) }
        #expect(error?.line == 1)
        #expect(error?.message.contains("max_line") == true)
    }

    @Test func aStreamWithoutNewlineStopsAtTheLimit() throws {
        // A pipe fed zero bytes (as `< /dev/zero` is): the read ends at max_line, not when memory runs out.
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let writeEnd = fds[1]
        let writer = Thread {
            let block = [UInt8](repeating: 0, count: 1 << 16)
            for _ in 0..<64 where block.withUnsafeBytes({ write(writeEnd, $0.baseAddress, $0.count) }) > 0 {}
            close(writeEnd)
        }
        writer.start()
        let reader = OrderFileReader(fd: fds[0], name: "stdin", badLine: .fail, maxLine: 1 << 20)
        let error = #expect(throws: BadInputError.self) { _ = try readAll(reader) }
        #expect(error?.description.hasPrefix("stdin:1: a line longer than max_line (1 MB)") == true)
        // Let the writer finish (no write into a pipe nobody reads).
        var sink = [UInt8](repeating: 0, count: 1 << 16)
        while sink.withUnsafeMutableBytes({ read(fds[0], $0.baseAddress, $0.count) }) > 0 {}
        close(fds[0])
    }

    // MARK: Cancellation

    @Test func cancellingStopsAReadWhoseChunkIsStillComing() async throws {
        // One order, then a line that never ends: the worker waits in read(), the consumer must not.
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let readEnd = fds[0], writeEnd = fds[1]
        let start = Self.order("a") + Array(#"{"orderID":"b","userName":"#.utf8)
        #expect(start.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) } == start.count)
        let task = Task.detached { () -> String in
            let reader = OrderFileReader(fd: readEnd, name: "stdin", badLine: .fail)
            do {
                while try reader.nextBatch() != nil {}
                return "finished"
            } catch is CancellationError {
                return "cancelled"
            } catch {
                return "failed: \(error)"
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        // Were the cancel not noticed, only closing the pipe (after 10 s) would end the read.
        let closed = Atomic<Bool>(false)
        let closer = Task.detached {
            do { try await Task.sleep(for: .seconds(10)) } catch { return }
            if closed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged { close(writeEnd) }
        }
        let outcome = await task.value
        closer.cancel()
        #expect(outcome == "cancelled")
        // The worker sees the end of input and stops; the read end stays open, as it may still be reading.
        if closed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged { close(writeEnd) }
    }

    // MARK: UTF-8

    static let notUTF8 =
        Array(#"{"orderID":"x","userName":"B"#.utf8) + [0xFF, 0xFE] + Array(#"di","callInfoDetail":{"callStatus":6}}"#.utf8) + [
            0x0A
        ]

    @Test(arguments: [nil, [["userName"]], [["callInfoDetail", "callStatus"]]] as [[[String]]?])
    func aLineThatIsNotUTF8IsABadLine(keyPaths: [[String]]?) throws {
        let path = try temp(Self.order("a", name: "李娜 Zoë") + Self.notUTF8 + Self.order("c"))
        let reader = try OrderFileReader(path: path, badLine: .fail, keyPaths: keyPaths)
        let error = #expect(throws: BadInputError.self) { _ = try readAll(reader) }
        #expect(error?.line == 2)
        #expect(error?.message == "not valid UTF-8: byte 0xFF at column 29")
        let warnings = Mutex<[String]>([])
        let skipping = try OrderFileReader(
            path: path, badLine: .skip(warn: { w in warnings.withLock { $0.append(w) } }),
            keyPaths: keyPaths)
        #expect(try readAll(skipping).map(\.orderID) == ["a", "c"])
        #expect(warnings.withLock { $0 } == ["\(path):2: skipped: not valid UTF-8: byte 0xFF at column 29"])
    }

    @Test func aDocumentThatIsNotUTF8IsBadWhereItBreaks() throws {
        let text =
            Array("[\n".utf8) + Self.order("a").dropLast() + Array(",\n".utf8) + Self.notUTF8.dropLast()
            + Array("\n]\n".utf8)
        let reader = try OrderFileReader(path: try temp(text, "orders.json"), badLine: .fail)
        let error = #expect(throws: BadInputError.self) { _ = try readAll(reader) }
        #expect(error?.line == 3)
        #expect(error?.message == "not valid UTF-8: byte 0xFF at column 29")
    }

    @Test func validationFindsTheFirstBadByte() {
        #expect(UTF8Validation.firstInvalidByte(Array("plain ASCII, longer than thirty-two bytes in all".utf8)) == nil)
        #expect(UTF8Validation.firstInvalidByte(Array("客服 Zoë 😀".utf8)) == nil)
        let ascii40 = Array(repeating: UInt8(ascii: "a"), count: 40)
        #expect(UTF8Validation.firstInvalidByte(ascii40 + [0xC0, 0x80]) == 40)  // overlong
        #expect(UTF8Validation.firstInvalidByte(ascii40 + [0xED, 0xA0, 0x80]) == 40)  // a surrogate
        #expect(UTF8Validation.firstInvalidByte(ascii40 + [0xF4, 0x90, 0x80, 0x80]) == 40)  // above U+10FFFF
        #expect(UTF8Validation.firstInvalidByte(ascii40 + Array("é".utf8).prefix(1)) == 40)  // cut short
        #expect(UTF8Validation.firstInvalidByte([0x61, 0x80]) == 1)
        // Long text: the automaton's 32-byte steps, then the exact decode that finds the byte.
        #expect(UTF8Validation.firstInvalidByte(Array(String(repeating: "客服 Zoë 😀 Nguyễn ", count: 20).utf8)) == nil)
        #expect(UTF8Validation.firstInvalidByte(ascii40 + Array("李娜".utf8) + ascii40 + [0xFF] + ascii40) == 86)
        #expect(UTF8Validation.firstInvalidByte(ascii40 + [0xE0, 0x80, 0x80] + ascii40) == 40)  // overlong
        #expect(UTF8Validation.firstInvalidByte(ascii40 + [0xF0, 0x80, 0x80, 0x80] + ascii40) == 40)  // overlong
        #expect(UTF8Validation.firstInvalidByte(ascii40 + [0xED, 0xBF, 0xBF] + ascii40) == 40)  // a surrogate
        #expect(UTF8Validation.firstInvalidByte(ascii40 + Array("é".utf8) + ascii40 + [0xE4, 0xB8]) == 82)  // cut short
        #expect(UTF8Validation.firstInvalidByte(ascii40 + [0xC3] + ascii40) == 40)  // no continuation
    }

    /// The first bad byte as the standard library's decoder finds it: the end of the valid scalars before its first error.
    private static func firstErrorByDecoder(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var at = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): at += scalar.count
            case .emptyInput: return nil
            case .error: return at
            }
        }
    }

    @Test func validationAgreesWithTheDecoderOnMixedBytes() {
        // Lines made of ASCII runs, valid characters of every length, and bytes near the table's edges.
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array(String(repeating: "x", count: 17).utf8), Array("é".utf8), Array("李".utf8),
            Array("😀".utf8), [0x80], [0xBF], [0xC0], [0xC1], [0xC2], [0xDF], [0xE0], [0xE0, 0x9F], [0xE0, 0xA0],
            [0xED], [0xED, 0x9F], [0xED, 0xA0], [0xEF, 0xBF], [0xF0], [0xF0, 0x8F], [0xF0, 0x90], [0xF4, 0x8F],
            [0xF4, 0x90], [0xF5], [0xFF], [0xBF, 0xBF]
        ]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        var disagreements = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            let count = next(12)
            for _ in 0..<count {
                // Mostly valid pieces, so the first bad byte falls anywhere along the line.
                bytes += next(8) == 0 ? pieces[next(pieces.count)] : pieces[next(5)]
            }
            if UTF8Validation.firstInvalidByte(bytes) != Self.firstErrorByDecoder(bytes) { disagreements += 1 }
        }
        #expect(disagreements == 0)
    }
}
