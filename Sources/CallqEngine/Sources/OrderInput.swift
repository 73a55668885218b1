// The bytes of a saved file or standard input, read in pieces: what the shape
// decision looks at first, then chunks that end at a line boundary (the rest of
// a line carried into the next chunk), so NDJSON chunks can be parsed apart.
import Foundation

/// Whole lines of the input: `bytes[0 ..< count]` (the bytes past `count` are not part of it).
struct LineChunk: Sendable {
    var bytes: [UInt8]
    var count: Int
}

/// Where a chunk pipeline takes its chunks of whole NDJSON lines from: a file or standard
/// input (`OrderInput`), or the mirror's order texts (`MirrorChunkInput`). Not thread-safe:
/// the pipeline lets one worker at a time call `nextChunk`.
protocol LineChunkInput: AnyObject, Sendable {
    /// The next chunk of whole lines; nil when the input is used up.
    func nextChunk() throws -> LineChunk?
    /// True once the last chunk has been handed out (checked right after `nextChunk`).
    var exhausted: Bool { get }
    /// False when nothing may be read ahead of what the consumer asks for (a terminal).
    var readsAhead: Bool { get }
    /// Raised from another thread to make a read that is under way stop.
    var stop: StopFlag { get }
}

/// An input descriptor and the bytes read from it but not yet handed out.
/// Not thread-safe: one reader at a time (the pipeline makes sure of it).
final class OrderInput: LineChunkInput, @unchecked Sendable {
    let fd: Int32
    private let ownsFD: Bool
    let sourceName: String
    /// Read but not yet handed out (the start of the next chunk).
    var pending: [UInt8] = []
    private(set) var eof = false
    /// False for a terminal: nothing is read ahead of what the consumer asks for.
    let readsAhead: Bool

    /// How much a chunk reads (a longer line makes its chunk longer).
    static let chunkSize = 1 << 20
    /// The longest line read (`max_line`): a longer one is an error, not a buffer that grows without bound.
    let maxLine: Int
    /// Set from another thread to make a read that is under way stop (it throws `CancellationError`).
    let stop = StopFlag()

    init(fd: Int32, ownsFD: Bool, sourceName: String, maxLine: Int = OrderFileReader.defaultMaxLine) {
        self.fd = fd
        self.ownsFD = ownsFD
        self.sourceName = sourceName
        self.maxLine = maxLine
        readsAhead = isatty(fd) == 0
    }

    /// The error for a line longer than `maxLine` (the first line of the chunk being read).
    func lineTooLong(line: Int = BadInputError.firstLineOfChunk) -> BadInputError {
        let limit = maxLine % (1 << 20) == 0 ? "\(maxLine >> 20) MB" : "\(maxLine) bytes"
        return BadInputError(
            source: sourceName, line: line,
            message: "a line longer than max_line (\(limit)) without a newline; "
                + "not NDJSON? (`set max_line = N` takes N MB)")
    }

    deinit { if ownsFD { close(fd) } }

    var exhausted: Bool { eof && pending.isEmpty }

    /// Appends what one read returns (at most `count` bytes) to `pending`; false at end of input.
    @discardableResult
    func readMore(_ count: Int = OrderInput.chunkSize) throws -> Bool {
        if eof { return false }
        let old = pending
        var failure: Int32 = 0
        var n = 0
        pending = [UInt8](unsafeUninitializedCapacity: old.count + count) { buffer, initialized in
            let base = buffer.baseAddress!
            old.withUnsafeBufferPointer { p in
                if !p.isEmpty { base.initialize(from: p.baseAddress!, count: p.count) }
            }
            n = readSome(into: base + old.count, count, &failure)
            initialized = old.count + n
        }
        try check(failure)
        return n > 0
    }

    /// Reads the whole remaining input into `pending`.
    func readAll() throws {
        while try readMore(max(OrderInput.chunkSize, pending.count)) {}
    }

    /// The next chunk of whole lines (at the end of the input the last line may lack its
    /// newline), starting with `pending`; nil when the input is used up. A pipe that has
    /// less than a chunk ready hands out what it has, so lines are read as they come.
    func nextChunk() throws -> LineChunk? {
        if eof && pending.isEmpty { return nil }
        var carry = pending
        var capacity = max(OrderInput.chunkSize, carry.count + OrderInput.chunkSize / 2)
        while true {
            var failure: Int32 = 0
            var total = 0
            var cut = -1
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                let base = buffer.baseAddress!
                carry.withUnsafeBufferPointer { p in
                    if !p.isEmpty { base.initialize(from: p.baseAddress!, count: p.count) }
                }
                total = carry.count
                while total < capacity, !eof {
                    if stop.isSet { break }
                    let want = capacity - total
                    let n = readSome(into: base + total, want, &failure)
                    if failure != 0 { break }
                    if let k = Self.lastNewline(base, from: total, to: total + n) { cut = k }
                    total += n
                    if n < want, cut >= 0 { break }  // nothing more ready: hand out what came
                }
                if cut < 0, let k = Self.lastNewline(base, from: 0, to: total) { cut = k }
                initialized = total
            }
            try check(failure)
            if stop.isSet { throw CancellationError() }
            if cut < 0, total > maxLine { throw lineTooLong() }
            if eof {
                pending = []
                return total > 0 ? LineChunk(bytes: bytes, count: total) : nil
            }
            if cut >= 0 {
                pending = Array(bytes[(cut + 1)..<total])
                return LineChunk(bytes: bytes, count: cut + 1)
            }
            // One line longer than the space: read on with more room.
            carry = bytes
            capacity = min(capacity * 2, maxLine + 1)
        }
    }

    /// The offset of the last `\n` in `p[from ..< to]`.
    private static func lastNewline(_ p: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Int? {
        var k = to
        while k > from {
            k -= 1
            if p[k] == 0x0A { return k }
        }
        return nil
    }

    /// One read of up to `count` bytes (retried on EINTR); 0 at end of input (sets `eof`).
    private func readSome(into p: UnsafeMutablePointer<UInt8>, _ count: Int, _ failure: inout Int32) -> Int {
        while true {
            let n = read(fd, p, count)
            if n > 0 { return n }
            if n == 0 { eof = true; return 0 }
            if errno == EINTR { continue }
            failure = errno
            return 0
        }
    }

    private func check(_ failure: Int32) throws {
        guard failure != 0 else { return }
        throw BadInputError(source: sourceName, line: 0, message: "read failed: \(String(cString: strerror(failure)))")
    }
}

/// A flag one thread sets and others poll (`OrderInput.stop`).
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false

    var isSet: Bool { lock.withLock { set } }
    func raise() { lock.withLock { set = true } }
}
