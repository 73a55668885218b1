// The mirror as a chunk input: each task's rows' JSON texts, read from one
// snapshot a chunk at a time as NDJSON lines (MirrorReader.lines), so `from
// mirror` is parsed by the same pipeline, on every core, with the same
// on-demand slot reader as a saved file (SPEC §10.4, round three).
import CallbotAPI
import CallqMirror
import CallqSemantics
import Foundation

/// Chunks of mirrored rows, task after task, in the mirror's order.
final class MirrorChunkInput: LineChunkInput, @unchecked Sendable {
    let reader: MirrorReader
    let tasks: [String]
    let query: MirrorQuery
    // Touched only by the one worker reading at a time (the pipeline's rule).
    private var task = 0
    private var after = MirrorCursor.start
    private(set) var exhausted = false
    /// Raised by the pipeline's cancel; a mirror chunk is one bounded read, so it is not checked mid-read.
    let stop = StopFlag()

    init(reader: MirrorReader, tasks: [String], query: MirrorQuery) {
        self.reader = reader
        self.tasks = tasks
        self.query = query
        exhausted = tasks.isEmpty
    }

    var readsAhead: Bool { true }

    func nextChunk() throws -> LineChunk? {
        while task < tasks.count {
            let lines = try reader.lines(task: tasks[task], query: query, after: after, bytes: OrderInput.chunkSize)
            if lines.done || lines.last == nil {
                task += 1
                after = .start
            } else {
                after = lines.last!
            }
            exhausted = task >= tasks.count
            if lines.rows > 0 { return LineChunk(bytes: lines.bytes, count: lines.bytes.count) }
        }
        exhausted = true
        return nil
    }

    /// The rows parsed on `workers` threads and run through `transform` there, handed out in the
    /// mirror's order (see `OrderFileReader.mapBatches`, whose NDJSON path this is).
    func mapBatches<T: Sendable>(workers: Int = OrderFileReader.defaultWorkers, keyPaths: [[String]]?,
                                 residual: CheckedExpr?,
                                 groups: (keys: [CheckedTerm], aggregates: [CheckedAggregate])?,
                                 keepingRaw: Bool,
                                 _ transform: @escaping @Sendable ([Order], Aggregator?) throws -> T) -> MappedOrderBatches<T> {
        let parser = OrderLineParser(keyPaths: keyPaths, skipsBadLines: false, residual: residual, groups: groups,
                                     keepsRaw: keepingRaw)
        let threads = max(1, workers)
        let state = PipelineState(input: self, parser: parser, aheadLimit: threads + 2, transform: transform)
        for _ in 0 ..< threads {
            Thread {
                Thread.current.name = "callq-mirror"
                state.work()
            }.start()
        }
        return MappedOrderBatches(source: .workers(state), sourceName: reader.path, badLine: .fail, linesBefore: 0)
    }
}
