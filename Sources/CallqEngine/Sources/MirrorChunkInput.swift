// The mirror as a chunk input: a thread of its own runs each task's scan (one
// statement from one snapshot, MirrorReader.scan) and queues its JSON texts as
// chunks of NDJSON lines, a few ahead; the saved-file pipeline takes them, so
// `from mirror` is parsed on every core with the same on-demand slot reader as
// a saved file while SQLite reads on (SPEC §10.4, round three).
import CallbotAPI
import CallqMirror
import CallqSemantics
import Foundation

/// Chunks of mirrored rows, task after task, in the mirror's order.
final class MirrorChunkInput: LineChunkInput, @unchecked Sendable {
    private let queue = MirrorChunkQueue(capacity: 3)
    let path: String
    // Touched only by the one worker reading at a time (the pipeline's rule).
    private(set) var exhausted = false
    /// Raised by the pipeline's cancel; a mirror chunk is one bounded read, so it is not checked mid-read.
    let stop = StopFlag()

    /// Starts reading `tasks` through `reader`.
    init(reader: MirrorReader, tasks: [String], query: MirrorQuery) {
        path = reader.path
        let queue = self.queue
        Thread {
            Thread.current.name = "callq-mirror-read"
            do {
                for task in tasks {
                    try reader.scan(task: task, query: query, bytes: OrderInput.chunkSize) { queue.put(.chunk($0)) }
                    if queue.isClosed { return }
                }
                queue.put(.end)
            } catch {
                queue.put(.failed(error))
            }
        }.start()
    }

    /// Stops the reading thread (the pipeline is done with this input).
    deinit { queue.close() }

    var readsAhead: Bool { true }

    /// The next chunk, nil at the end. The end is learnt by asking once more (never by waiting
    /// for the chunk after this one, which would hold this one back from the workers).
    func nextChunk() throws -> LineChunk? {
        switch queue.take() {
        case .end:
            exhausted = true
            return nil
        case .failed(let error):
            exhausted = true
            throw error
        case .chunk(let bytes):
            return LineChunk(bytes: bytes, count: bytes.count)
        }
    }

    /// The rows parsed on `workers` threads and run through `transform` there, handed out in the
    /// mirror's order (see `OrderFileReader.mapBatches`, whose NDJSON path this is).
    func mapBatches<T: Sendable>(
        workers: Int = OrderFileReader.defaultWorkers, keyPaths: [[String]]?,
        residual: CheckedExpr?,
        groups: (keys: [CheckedTerm], aggregates: [CheckedAggregate])?,
        keepingRaw: Bool,
        _ transform: @escaping @Sendable ([Order], Aggregator?) throws -> T
    ) -> MappedOrderBatches<T> {
        let parser = OrderLineParser(
            keyPaths: keyPaths, skipsBadLines: false, residual: residual, groups: groups,
            keepsRaw: keepingRaw)
        let threads = max(1, workers)
        let state = PipelineState(input: self, parser: parser, aheadLimit: threads + 2, transform: transform)
        for _ in 0..<threads {
            Thread {
                Thread.current.name = "callq-mirror"
                state.work()
            }.start()
        }
        return MappedOrderBatches(source: .workers(state), sourceName: path, badLine: .fail, linesBefore: 0)
    }
}

/// The chunks the reading thread has read and the pipeline not yet taken (at most `capacity`).
final class MirrorChunkQueue: @unchecked Sendable {
    enum Item {
        case chunk([UInt8])
        case end
        case failed(any Error)
    }

    private let condition = NSCondition()
    private let capacity: Int
    // Guarded by `condition`:
    private var items: [Item] = []
    private var closed = false

    init(capacity: Int) { self.capacity = capacity }

    /// Queues `item`, waiting for room; false once the queue is closed (the reader stops).
    @discardableResult
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed, items.count >= capacity { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting for it.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, !closed { condition.wait() }
        guard !items.isEmpty else { return .end }
        condition.broadcast()
        return items.removeFirst()
    }

    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Ends the reading: `put` returns false from now on, and what is queued is dropped.
    func close() {
        condition.lock()
        closed = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
