// Reads orders saved earlier — NDJSON (one order per line), a JSON array of
// orders, or saved listOrder replies (objects with an `orderList`, also pretty-
// printed) — from a file or standard input, in batches. The input's shape is
// decided from the whole input, not from its first line. NDJSON is parsed on
// worker threads (OrderBatchPipeline); a JSON document is read whole.
import CallbotAPI
import CallqJSON
import CallqSemantics
import Foundation

/// A line (or document) of a saved file that is not an order.
public struct BadInputError: Error, CustomStringConvertible, Sendable {
    public var source: String
    public var line: Int
    public var message: String
    /// `line` of an error found reading a chunk of lines: its first line (the pipeline makes it absolute).
    static let firstLineOfChunk = -1
    /// `file:12: message`, or `file: message` when no line is at fault (line 0: the file cannot be opened).
    public var description: String { line > 0 ? "\(source):\(line): \(message)" : "\(source): \(message)" }
}

/// Pulls batches of orders out of a byte stream.
///
/// With `keyPaths` (what the query reads: `CheckedQuery.touchedPaths`), each order of
/// an NDJSON input is parsed selectively: its `json` holds only the members on those
/// paths (plus `orderID`), while `raw` keeps the line's exact bytes. Orders from a
/// JSON document are always parsed whole (`raw` is then their compact form).
public final class OrderFileReader: @unchecked Sendable {
    public enum BadLine: Sendable { case fail, skip(warn: @Sendable (String) -> Void) }

    public let sourceName: String
    private let input: OrderInput
    private let badLine: BadLine
    private let keyPaths: [[String]]?
    private var started = false
    private var plain: MappedOrderBatches<[Order]>?

    /// Worker threads used by default: one per active core (at most 8).
    public static var defaultWorkers: Int { min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) }
    /// The longest line read by default (`max_line` = 64 MB).
    public static let defaultMaxLine = 64 << 20
    /// Orders per batch of a JSON document.
    static let documentBatch = 1024

    /// Opens `path` for reading; throws a readable error when it cannot. A line longer than
    /// `maxLine` bytes is an error.
    public init(
        path: String, badLine: BadLine, keyPaths: [[String]]? = nil,
        maxLine: Int = OrderFileReader.defaultMaxLine
    ) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw BadInputError(source: path, line: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        input = OrderInput(fd: fd, ownsFD: true, sourceName: path, maxLine: maxLine)
        sourceName = path
        self.badLine = badLine
        self.keyPaths = keyPaths
    }

    /// Reads from an already open descriptor (standard input).
    public init(
        fd: Int32, name: String, badLine: BadLine, keyPaths: [[String]]? = nil,
        maxLine: Int = OrderFileReader.defaultMaxLine
    ) {
        input = OrderInput(fd: fd, ownsFD: false, sourceName: name, maxLine: maxLine)
        sourceName = name
        self.badLine = badLine
        self.keyPaths = keyPaths
    }

    /// Lines skipped so far (`on_bad_line = skip`) by `nextBatch`.
    public var skippedLines: Int { plain?.skippedLines ?? 0 }

    /// The next batch of orders in input order, or nil at the end.
    public func nextBatch() throws -> [Order]? {
        if plain == nil { plain = try mapBatches { $0 } }
        return try plain!.next()
    }

    /// Reads the input with `transform` run on each batch of orders on `workers` threads
    /// (NDJSON; a JSON document or a terminal is read on the calling thread); the results
    /// come out of the returned sequence in input order. Bad lines are reported in order,
    /// with their exact line numbers. Call once per reader (or use `nextBatch`).
    ///
    /// - `filter`: orders it rejects are dropped as soon as they are parsed (on the
    ///   workers), before `transform` sees the batch; `ordersRead` still counts them.
    /// - `residual`: an expression orders must pass as well; NDJSON lines are tested on the
    ///   values of the fields it reads before their tree is built (when no `filter` is given).
    /// - `keepingRaw: false`: NDJSON orders do not keep a copy of their bytes (`raw` is
    ///   empty), for runs that never write whole orders.
    public func mapBatches<T: Sendable>(
        workers: Int = OrderFileReader.defaultWorkers,
        filter: (@Sendable (JSONValue) -> Bool)? = nil,
        residual: CheckedExpr? = nil,
        keepingRaw: Bool = true,
        _ transform: @escaping @Sendable ([Order]) throws -> T
    )
        throws -> MappedOrderBatches<T>
    {
        try mapBatches(workers: workers, filter: filter, residual: residual, keepingRaw: keepingRaw) {
            (orders: [Order], _: Aggregator?) throws -> T in try transform(orders)
        }
    }

    /// `mapBatches` for `count`/`stats`: with `groups` (the keys and aggregates), NDJSON lines
    /// whose fields can be read from slots are aggregated as they are read, and `transform`
    /// gets each chunk's partial aggregates (nil when none) besides the orders left to add
    /// after them.
    func mapBatches<T: Sendable>(
        workers: Int = OrderFileReader.defaultWorkers,
        filter: (@Sendable (JSONValue) -> Bool)? = nil,
        residual: CheckedExpr?,
        groups: (keys: [CheckedTerm], aggregates: [CheckedAggregate])? = nil,
        keepingRaw: Bool,
        _ transform: @escaping @Sendable ([Order], Aggregator?) throws -> T
    )
        throws -> MappedOrderBatches<T>
    {
        let keeps = OrderLineParser.combined(filter, residual)
        precondition(!started, "OrderFileReader: read once")
        started = true
        switch try decideShape() {
        case .empty:
            return MappedOrderBatches(source: .ready([]), sourceName: sourceName, badLine: badLine, linesBefore: 0)
        case .document(let value):
            let orders = try documentOrders(value)
            let batches = stride(from: 0, to: orders.count, by: Self.documentBatch).map { start in
                let batch = Array(orders[start..<min(start + Self.documentBatch, orders.count)])
                return (
                    read: batch.count,
                    batch: { () throws -> T in
                        try transform(keeps.map { f in batch.filter { f($0.json) } } ?? batch, nil)
                    }
                )
            }
            return MappedOrderBatches(source: .ready(batches), sourceName: sourceName, badLine: badLine, linesBefore: 0)
        case .lines:
            let threads = input.readsAhead ? workers : 0
            let parser = OrderLineParser(
                keyPaths: keyPaths, skipsBadLines: badLine.skips, filter: filter, residual: residual,
                groups: groups, keepsRaw: keepingRaw)
            let state = PipelineState(input: input, parser: parser, aheadLimit: max(1, threads) + 2, transform: transform)
            for _ in 0..<threads {
                Thread {
                    Thread.current.name = "callq-read"
                    state.work()
                }.start()
            }
            return MappedOrderBatches(
                source: threads > 0 ? .workers(state) : .inline(state),
                sourceName: sourceName, badLine: badLine, linesBefore: 0)
        }
    }

    // MARK: The shape of the input

    enum Shape {
        case empty
        case lines
        case document(JSONValue)
    }

    /// One JSON document (`[…]`, or an object spanning lines: a pretty-printed order or
    /// reply) or one document per line. A first line that is a whole JSON value means
    /// lines; one that stops short of its end (`{` …) means a document when the whole
    /// input is one — or when it is not, but breaks after that first line and its second
    /// line is no JSON object of its own (a broken document, reported at the break).
    private func decideShape() throws -> Shape {
        var k = 0
        while true {
            while k < input.pending.count, Self.isBlank(input.pending[k]) { k += 1 }
            if k < input.pending.count { break }
            if try !input.readMore() { return .empty }
        }
        if input.pending[k] == UInt8(ascii: "[") { return try wholeDocument(orLines: false) }
        guard input.pending[k] == UInt8(ascii: "{") else { return .lines }
        let first = try lineRange(containing: k)
        let firstParse = try Self.parseListening(input.pending, first)
        guard case .failure(let e) = firstParse, e.offset == first.count else { return .lines }
        // The first line is an object cut short: is the second one an object of its own?
        var next = first.upperBound
        while true {
            while next < input.pending.count, Self.isBlank(input.pending[next]) { next += 1 }
            if try next < input.pending.count || !input.readMore() { break }
        }
        if next < input.pending.count, input.pending[next] == UInt8(ascii: "{") {
            let second = try lineRange(containing: next)
            if case .success(.object) = try Self.parseListening(input.pending, second) { return .lines }
        }
        return try wholeDocument(orLines: true, firstLine: Self.line(ofOffset: first.lowerBound, in: input.pending))
    }

    /// The whole input as one document; with `orLines`, a failure on the first line
    /// means lines after all (the line reader then reports that line by the bad-line policy).
    private func wholeDocument(orLines: Bool, firstLine: Int = 1) throws -> Shape {
        try input.readAll()
        let bytes = input.pending
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let line = Self.line(ofOffset: error.offset, in: bytes)
            if orLines && line <= firstLine { return .lines }
            throw BadInputError(source: sourceName, line: line, message: "not valid JSON: \(error.message)")
        }
        if let bad = UTF8Validation.firstInvalidByte(bytes) {
            // JSON is UTF-8: the document is bad at the line that breaks it (as a line is: OrderLineParser).
            let lineStart = bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let message = bytes.withUnsafeBytes { raw in
                OrderLineParser.notUTF8(UnsafeRawBufferPointer(rebasing: raw[lineStart...]), at: bad - lineStart)
            }
            throw BadInputError(source: sourceName, line: Self.line(ofOffset: bad, in: bytes), message: message)
        }
        input.pending = []
        return .document(value)
    }

    /// The orders of a whole document; a top-level array's elements are judged one by one.
    private func documentOrders(_ value: JSONValue) throws -> [Order] {
        var orders: [Order] = []
        let items: [JSONValue]
        if case .array(let a) = value { items = a } else { items = [value] }
        for item in items {
            var failure: String?
            _ = OrderLineParser.collect(item, topLevel: true, into: &orders) { why in
                switch badLine {
                case .fail:
                    failure = why
                    return false
                case .skip(let warn):
                    warn("\(sourceName):1: skipped: \(why)")
                    return true
                }
            }
            if let failure { throw BadInputError(source: sourceName, line: 1, message: failure) }
        }
        return orders
    }

    /// The trimmed range of the line of `pending` that holds offset `k`, reading on until it ends.
    private func lineRange(containing k: Int) throws -> Range<Int> {
        var start = k
        while start > 0, input.pending[start - 1] != 0x0A { start -= 1 }
        var end = k
        while true {
            end = Self.newline(in: input.pending, from: end)
            if end - start > input.maxLine {
                throw input.lineTooLong(line: Self.line(ofOffset: start, in: input.pending))
            }
            // A long line is read in doubling steps (not a megabyte at a time, each step
            // copying all before it), and Ctrl-C is heard between them (#27-5).
            if try end < input.pending.count || !input.readMore(max(OrderInput.chunkSize, input.pending.count)) { break }
            try Task.checkCancellation()
        }
        while start < end, [0x20, 0x09, 0x0D].contains(input.pending[start]) { start += 1 }
        while end > start, [0x20, 0x09, 0x0D].contains(input.pending[end - 1]) { end -= 1 }
        return start..<end
    }

    /// Checks the line `bytes[range]` as JSON without building its members (an object reads
    /// as an empty one): the failures and offsets are the full parse's, and a line of many
    /// megabytes is decided in a fraction of the time, so Ctrl-C is not kept waiting (#27-5).
    private static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> Result<JSONValue, JSONParseError> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in
                try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[range]), selecting: Self.validateOnly)
            }
        }
    }

    /// A selection that keeps no member: a selective parse with it only validates.
    private static let validateOnly = JSONSelection(paths: [])

    /// `parse`, for a line over a chunk long on a thread of its own while the statement's task
    /// listens for Ctrl-C: a cancelled statement stops at once (`CancellationError`) and the
    /// check, left alone, ends by itself.
    private static func parseListening(_ bytes: [UInt8], _ range: Range<Int>) throws -> Result<JSONValue, JSONParseError> {
        if range.count <= OrderInput.chunkSize { return parse(bytes, range) }
        let outcome = LineCheck()
        Thread {
            let result = parse(bytes, range)
            outcome.condition.withLock {
                outcome.result = result
                outcome.condition.broadcast()
            }
        }.start()
        outcome.condition.lock()
        defer { outcome.condition.unlock() }
        while outcome.result == nil {
            if Task.isCancelled { throw CancellationError() }
            _ = outcome.condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        return outcome.result!
    }

    /// What `parseListening`'s thread found, guarded by `condition`.
    private final class LineCheck: @unchecked Sendable {
        let condition = NSCondition()
        var result: Result<JSONValue, JSONParseError>?
    }

    /// The offset of the first `\n` in `bytes` at or after `from`, or `bytes.count`.
    private static func newline(in bytes: [UInt8], from: Int) -> Int {
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
            guard from < raw.count, let base = raw.baseAddress else { return raw.count }
            guard let hit = memchr(base + from, 0x0A, raw.count - from) else { return raw.count }
            return UnsafeRawPointer(hit) - base
        }
    }

    private static func isBlank(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0xEF || b == 0xBB || b == 0xBF
    }

    private static func line(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes.prefix(offset).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}

extension OrderFileReader.BadLine {
    var skips: Bool { if case .skip = self { return true } else { return false } }
}
