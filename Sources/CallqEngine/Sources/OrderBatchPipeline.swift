// Both cores on saved NDJSON: worker threads take turns reading a chunk of whole
// lines, then parse it and run the caller's per-batch transform on it at the same
// time as the others; results are handed out strictly in input order, with line
// numbers made absolute and skipped-line warnings given in order. At most a few
// chunks are read ahead of the consumer, so memory stays bounded.
import CallbotAPI
import Foundation

/// What one chunk came to.
enum ChunkOutcome<T: Sendable>: @unchecked Sendable {
    case batch(T, skipped: [(line: Int, message: String)], lines: Int, read: Int)
    /// A bad line with `on_bad_line = fail` (line within the chunk).
    case bad(line: Int, message: String)
    case failed(any Error)
    case end
}

/// The shared state of a pipeline: the input, the results waiting to be handed out.
final class PipelineState<T: Sendable>: @unchecked Sendable {
    let input: any LineChunkInput
    let parser: OrderLineParser
    let transform: @Sendable ([Order], Aggregator?) throws -> T
    let aheadLimit: Int

    private let condition = NSCondition()
    // Guarded by `condition`:
    private var nextToRead = 0
    private var nextToHand = 0
    private var results: [Int: ChunkOutcome<T>] = [:]
    private var reading = false
    private var inputDone = false
    private var cancelled = false

    init(
        input: any LineChunkInput, parser: OrderLineParser, aheadLimit: Int,
        transform: @escaping @Sendable ([Order], Aggregator?) throws -> T
    ) {
        self.input = input
        self.parser = parser
        self.aheadLimit = aheadLimit
        self.transform = transform
    }

    /// A worker thread: read a chunk (one reader at a time), then parse and transform it.
    func work() {
        while let (index, chunk) = claimChunk() {
            let outcome = process(chunk)
            condition.lock()
            results[index] = outcome
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next chunk index and what reading it gave; nil when there is nothing left to do.
    private func claimChunk() -> (Int, Result<LineChunk?, any Error>)? {
        condition.lock()
        while !cancelled, !inputDone, reading || nextToRead - nextToHand >= aheadLimit { condition.wait() }
        if cancelled || inputDone {
            condition.unlock()
            return nil
        }
        reading = true
        let index = nextToRead
        nextToRead += 1
        condition.unlock()
        let chunk = Result { try input.nextChunk() }
        condition.lock()
        reading = false
        switch chunk {
        case .success(.some):
            if input.exhausted {
                // That was the last chunk: the index after it is the end.
                inputDone = true
                results[nextToRead] = .end
                nextToRead += 1
            }
        default:
            inputDone = true
        }
        condition.broadcast()
        condition.unlock()
        return (index, chunk)
    }

    /// Parses and transforms one chunk (on the calling thread).
    func process(_ chunk: Result<LineChunk?, any Error>) -> ChunkOutcome<T> {
        switch chunk {
        case .failure(let error): return .failed(error)
        case .success(nil): return .end
        case .success(let chunk?):
            let parsed = parser.parse(chunk)
            if let failure = parsed.failure { return .bad(line: failure.line, message: failure.message) }
            do {
                return .batch(
                    try transform(parsed.orders, parsed.partial), skipped: parsed.skipped, lines: parsed.lines,
                    read: parsed.read)
            } catch {
                return .failed(error)
            }
        }
    }

    /// Waits for the outcome of chunk `nextToHand` and takes it. When the calling task is
    /// cancelled (Ctrl-C) the wait ends within a tenth of a second, with `CancellationError`,
    /// however long the chunk takes (a huge line, a pipe that sends nothing).
    func takeNext() -> ChunkOutcome<T> {
        condition.lock()
        defer { condition.unlock() }
        while results[nextToHand] == nil {
            if Task.isCancelled {
                condition.unlock()
                cancel()
                condition.lock()
                return .failed(CancellationError())
            }
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
        }
        let outcome = results.removeValue(forKey: nextToHand)!
        nextToHand += 1
        condition.broadcast()
        return outcome
    }

    /// Stops the workers after the chunk each is on.
    func cancel() {
        input.stop.raise()
        condition.lock()
        cancelled = true
        results.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// Batches of a saved NDJSON input, each already run through a transform on a
/// worker thread, handed out in input order. Made by `OrderFileReader.mapBatches`.
/// Dropping it (or `cancel()`) stops the workers.
public final class MappedOrderBatches<T: Sendable>: @unchecked Sendable {
    private var source: Source
    private let sourceName: String
    private let badLine: OrderFileReader.BadLine
    /// Lines handed out so far (to make chunk line numbers absolute).
    private var linesBefore: Int
    private var finished = false
    /// Lines skipped so far (`on_bad_line = skip`).
    public private(set) var skippedLines = 0
    /// Orders read so far, those the reader's filter dropped included.
    public private(set) var ordersRead = 0

    enum Source {
        /// Worker threads over NDJSON chunks.
        case workers(PipelineState<T>)
        /// The calling thread reads and parses each chunk itself (a terminal: nothing is read ahead).
        case inline(PipelineState<T>)
        /// Already computed batches (a JSON document, read whole): each with the orders it read.
        case ready([(read: Int, batch: () throws -> T)])
    }

    init(source: Source, sourceName: String, badLine: OrderFileReader.BadLine, linesBefore: Int) {
        self.source = source
        self.sourceName = sourceName
        self.badLine = badLine
        self.linesBefore = linesBefore
    }

    deinit { cancel() }

    /// The next transformed batch in input order, or nil at the end. Blocks until it is ready.
    /// Throws a `BadInputError` for a bad line (`on_bad_line = fail`), or what the transform threw.
    public func next() throws -> T? {
        if finished { return nil }
        let outcome: ChunkOutcome<T>
        switch source {
        case .workers(let state):
            outcome = state.takeNext()
        case .inline(let state):
            outcome = state.process(Result { try state.input.nextChunk() })
        case .ready(var batches):
            guard !batches.isEmpty else { finished = true; return nil }
            let first = batches.removeFirst()
            source = .ready(batches)
            ordersRead += first.read
            return try first.batch()
        }
        switch outcome {
        case .end:
            finished = true
            return nil
        case .failed(let error):
            finish()
            if var e = error as? BadInputError, e.line == 0 { e.line = linesBefore; throw e }
            if var e = error as? BadInputError, e.line == BadInputError.firstLineOfChunk { e.line = linesBefore + 1; throw e }
            throw error
        case .bad(let line, let message):
            finish()
            throw BadInputError(source: sourceName, line: linesBefore + line, message: message)
        case .batch(let value, let skipped, let lines, let read):
            if case .skip(let warn) = badLine {
                for s in skipped { warn("\(sourceName):\(linesBefore + s.line): skipped: \(s.message)") }
            }
            skippedLines += skipped.count
            ordersRead += read
            linesBefore += lines
            return value
        }
    }

    /// Stops reading; `next()` returns nil from now on.
    public func cancel() {
        finish()
    }

    private func finish() {
        finished = true
        switch source {
        case .workers(let state), .inline(let state): state.cancel()
        case .ready: break
        }
    }
}
