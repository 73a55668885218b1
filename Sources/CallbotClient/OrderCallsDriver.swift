// The engine room of `OrderCallsScan`. A producer task reads the order batches,
// gathers their ids (in order, across batches) into detail requests of at most
// the batch size and starts each as its own task — at most `concurrency` in
// flight, at most 2 × `concurrency` not yet taken by the consumer — and queues
// them in order. The first orders read go out at once, and reading waits until
// the consumer asks for more than them (a small `limit` needs one request of each kind). The consumer takes the requests' results in that order. Ending
// the iteration (dropping the iterator, cancelling the consumer, an error)
// cancels the producer and every request.

import CallbotAPI
import Synchronization

/// Runs one iteration of an `OrderCallsScan`.
final class OrderCallsDriver: Sendable {
    /// Reads the orders, handing each batch to the sink in order.
    typealias Source = @Sendable (OrderCallsSink) async throws -> Void

    /// A queued detail request, or the failure that ended the reading of orders.
    enum Entry: Sendable {
        case request(Task<OrderCallsBatch, any Error>)
        case failure(any Error)
    }

    let core: OrderCallsCore
    let entries: AsyncStream<Entry>

    init(client: CallbotClient, batch: Int, concurrency: Int, source: @escaping Source) {
        let (entries, continuation) = AsyncStream<Entry>.makeStream()
        self.entries = entries
        let core = OrderCallsCore(client: client, batch: batch, concurrency: concurrency, continuation: continuation)
        self.core = core
        core.start(source)
    }

    deinit { core.cancelAll() }

    /// The next batch in order, nil at the end.
    func next(_ iterator: inout AsyncStream<Entry>.Iterator) async throws -> OrderCallsBatch? {
        // Asked for more than the first batch: the producer may read on. It waits for this once,
        // after sending the first orders; releasing it when the first batch was merely taken let
        // the next listOrder pages go out before a `limit` that batch met could stop the scan.
        if core.askedAgain() { core.askedForMore.release() }
        guard let entry = await iterator.next() else {
            if Task.isCancelled {
                core.cancelAll()
                throw CancellationError()
            }
            return nil
        }
        switch entry {
        case .failure(let error):
            core.cancelAll()
            throw error
        case .request(let task):
            let core = self.core
            do {
                let batch = try await withTaskCancellationHandler {
                    try await task.value
                } onCancel: {
                    core.cancelAll()
                }
                try Task.checkCancellation()
                core.window.release()
                return batch
            } catch {
                core.cancelAll()
                throw error
            }
        }
    }
}

/// What the producer, the requests and the consumer share.
final class OrderCallsCore: Sendable {
    private struct State {
        var requests: [Int: Task<OrderCallsBatch, any Error>] = [:]
        var nextID = 0
        var producer: Task<Void, Never>?
        var cancelled = false
        /// Calls of the consumer's `next` so far.
        var asked = 0
        /// Run when the iteration ends early (the source's own cancellation).
        var onCancel: [@Sendable () -> Void] = []
    }

    let client: CallbotClient
    let batch: Int
    let limit: DetailBatchLimit
    /// Detail requests in flight.
    let inFlight: AsyncPermits
    /// Detail requests started and not yet taken by the consumer.
    let window: AsyncPermits
    /// Released each time the consumer asks for a batch after the first: the producer waits on it
    /// once, after the first request, before it reads on (a `limit` content with the first page
    /// reads no other).
    let askedForMore = AsyncPermits(0)
    let continuation: AsyncStream<OrderCallsDriver.Entry>.Continuation
    private let state = Mutex(State())

    /// Counts a call of the consumer's `next`; true from the second on.
    func askedAgain() -> Bool {
        state.withLock { s in
            s.asked += 1
            return s.asked > 1
        }
    }

    init(
        client: CallbotClient, batch: Int, concurrency: Int,
        continuation: AsyncStream<OrderCallsDriver.Entry>.Continuation
    ) {
        self.client = client
        self.batch = batch
        limit = DetailBatchLimit(batch)
        inFlight = AsyncPermits(concurrency)
        window = AsyncPermits(2 * concurrency)
        self.continuation = continuation
    }

    /// Starts the producer reading `source`.
    func start(_ source: @escaping OrderCallsDriver.Source) {
        let producer = Task { [self] in
            let sink = OrderCallsSink(core: self)
            do {
                try await source(sink)
                try await sink.flush()
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        let late = state.withLock { s in
            s.producer = producer
            return s.cancelled
        }
        if late { producer.cancel() }
    }

    /// Queues the detail request for `orders` of `task`; false when the iteration has ended.
    func launch(task: String, orders: [Order]) -> Bool {
        let client = self.client, limit = self.limit, inFlight = self.inFlight
        return state.withLock { s in
            guard !s.cancelled else { return false }
            s.nextID += 1
            let id = s.nextID
            let request = Task { [weak self] in
                defer {
                    inFlight.release()
                    self?.finished(id)
                }
                return try await Self.fetch(client: client, task: task, orders: orders, limit: limit)
            }
            s.requests[id] = request
            continuation.yield(.request(request))
            return true
        }
    }

    private func finished(_ id: Int) {
        _ = state.withLock { $0.requests.removeValue(forKey: id) }
    }

    /// The orders paired with their detail entries (matched by orderID), in order.
    static func fetch(
        client: CallbotClient, task: String, orders: [Order],
        limit: DetailBatchLimit
    ) async throws -> OrderCallsBatch {
        var ids: [String] = []
        var asked = Set<String>()
        for order in orders {
            if let id = order.orderID, asked.insert(id).inserted { ids.append(id) }
        }
        let details = try await client.orderDetails(task: task, ids: ids, limit: limit)
        var byID: [String: OrderDetail] = [:]
        for d in details {
            if let id = d.orderID, asked.contains(id), byID[id] == nil { byID[id] = d }
        }
        return OrderCallsBatch(
            userTaskID: task,
            calls: orders.map { OrderCalls(order: $0, detail: $0.orderID.flatMap { byID[$0] }) })
    }

    /// Ends the iteration: the source, the producer and every request are cancelled.
    func cancelAll() {
        let (producer, requests, hooks) = state.withLock { s in
            s.cancelled = true
            let r = Array(s.requests.values)
            s.requests.removeAll()
            let hooks = s.onCancel
            s.onCancel.removeAll()
            return (s.producer, r, hooks)
        }
        for hook in hooks { hook() }
        producer?.cancel()
        for r in requests { r.cancel() }
        continuation.finish()
    }

    /// Runs `hook` when the iteration ends early (at once if it already has).
    func onCancel(_ hook: @escaping @Sendable () -> Void) {
        let now = state.withLock { s in
            if !s.cancelled { s.onCancel.append(hook) }
            return s.cancelled
        }
        if now { hook() }
    }
}

/// Gathers the orders the source reads into detail requests. Used by the producer only.
final class OrderCallsSink {
    private let core: OrderCallsCore
    private var pending: [Order] = []
    private var pendingTask: String?
    /// A request has been sent.
    private var sent = false
    /// The first orders have gone out: full batches from now on.
    private var streaming = false

    init(core: OrderCallsCore) { self.core = core }

    /// Runs `hook` when the iteration ends early, so the source can stop its own work at once.
    func onCancel(_ hook: @escaping @Sendable () -> Void) { core.onCancel(hook) }

    /// Takes the next orders; sends a request for every full batch gathered. The first orders
    /// go out at once, whatever their number (SPEC §11: `calls limit 3` costs one listOrder and
    /// one listOrderDetail request), and no more orders are read until the consumer asks for more
    /// than that first batch — it may need no more.
    func accept(_ batch: OrderBatch) async throws {
        if let task = pendingTask, task != batch.userTaskID { try await flush() }
        pendingTask = batch.userTaskID
        pending += batch.orders
        while !pending.isEmpty, pending.count >= core.limit.value { try await send() }
        if !streaming {
            if !pending.isEmpty { try await send() }
            if sent {
                streaming = true
                try await core.askedForMore.acquire()
            }
        }
    }

    /// Sends what is gathered (the end of the orders).
    func flush() async throws {
        while !pending.isEmpty { try await send() }
    }

    /// Sends the first pending orders, as many as a request may carry, once a slot in the
    /// window and one in flight are free (the size is read then: a 4001 answered meanwhile
    /// already counts).
    private func send() async throws {
        guard !pending.isEmpty, let task = pendingTask else { return }
        try await core.window.acquire()
        do {
            try await core.inFlight.acquire()
        } catch {
            core.window.release()
            throw error
        }
        let n = min(pending.count, core.limit.value)
        let orders = Array(pending.prefix(n))
        pending.removeFirst(n)
        sent = true
        guard core.launch(task: task, orders: orders) else {
            core.inFlight.release()
            core.window.release()
            throw CancellationError()
        }
    }
}
