// Call history in listOrder order (SPEC §11): orders from a scan (or any ordered
// stream of order batches) go to listOrderDetail in batches of ids, several
// batches in flight, and come back paired with their attempts in the order the
// orders came in. The work itself is done by OrderCallsDriver.

import CallbotAPI

/// Some orders of one task, in order: what `orderCalls` reads.
public struct OrderBatch: Sendable {
    public var userTaskID: String
    public var orders: [Order]

    public init(userTaskID: String, orders: [Order]) {
        self.userTaskID = userTaskID
        self.orders = orders
    }
}

/// An order as listOrder sent it, with every call attempt listOrderDetail knows of.
public struct OrderCalls: Sendable {
    /// The order, bytes as listOrder sent them.
    public let order: Order
    /// Its listOrderDetail entry; nil when there was none (the order vanished between the
    /// two requests, or it has no orderID).
    public let detail: OrderDetail?
    /// The attempts oldest first (`CallAttempt.oldestFirst`); empty without a detail entry.
    public let attempts: [CallAttempt]

    public init(order: Order, detail: OrderDetail?) {
        self.order = order
        self.detail = detail
        attempts = detail?.attemptsOldestFirst ?? []
    }

    /// Attempt `k` (0 = the oldest) as a listOrder-shaped order: the detail entry's own
    /// fields, bytes as received, with `callInfoDetail` = the attempt.
    public func attemptOrder(_ k: Int) -> Order {
        detail!.order(for: attempts[k])
    }

    /// Attempt `k` (0 = the oldest) as a `calls` row: `attemptOrder(k)` with `attempt` (k + 1)
    /// and `attempts` (how many there are) before `callInfoDetail`.
    public func callRow(_ k: Int) -> Order {
        detail!.order(for: attempts[k], number: k + 1, of: attempts.count)
    }

    /// Every attempt as a `calls` row, oldest first (none without a detail entry).
    public var callRows: [Order] { attempts.indices.map(callRow) }
}

/// The orders of one detail request (at most `batch`), each with its attempts.
public struct OrderCallsBatch: Sendable {
    public var userTaskID: String
    /// In the order the orders came in.
    public var calls: [OrderCalls]
}

/// Orders with their attempts, in the order the orders came in. Iterate it once;
/// stopping early (break, cancellation, dropping the iterator) cancels the reading of
/// orders and every detail request in flight.
public struct OrderCallsScan: AsyncSequence, Sendable {
    public typealias Element = OrderCallsBatch

    let client: CallbotClient
    let batch: Int
    let concurrency: Int
    let source: OrderCallsDriver.Source

    /// Starts reading the orders and sending detail requests.
    public func makeAsyncIterator() -> Iterator {
        let driver = OrderCallsDriver(client: client, batch: batch, concurrency: concurrency, source: source)
        return Iterator(driver: driver, entries: driver.entries.makeAsyncIterator())
    }

    /// Delivers batches in order; dropping it cancels what is still in flight.
    public struct Iterator: AsyncIteratorProtocol {
        let driver: OrderCallsDriver
        var entries: AsyncStream<OrderCallsDriver.Entry>.Iterator
        public mutating func next() async throws -> OrderCallsBatch? { try await driver.next(&entries) }
    }

    /// Every order with its attempts, in order (convenience for tests and small tasks).
    public func allCalls() async throws -> [OrderCalls] {
        var out: [OrderCalls] = []
        for try await b in self { out += b.calls }
        return out
    }
}

extension CallbotClient {
    /// The orders of `scan`, in scan order, each with its call attempts: listOrderDetail
    /// requests of at most `batch` ids (ids gathered across pages in page order; a change
    /// of task or the end of the scan sends what is gathered), at most `concurrency`
    /// requests in flight and at most 2 × `concurrency` batches fetched ahead of the
    /// consumer. A request answered 4001 is halved and the smaller size kept.
    public func orderCalls(
        _ scan: OrderScan, batch: Int = ListOrderDetailRequest.vendorLimit,
        concurrency: Int = 4
    ) -> OrderCallsScan {
        OrderCallsScan(client: self, batch: max(1, batch), concurrency: max(1, concurrency)) { sink in
            var pages = scan.makeAsyncIterator()
            // Stopping stops the scan's own requests at once, not when the producer unwinds.
            let driver = pages.driver
            sink.onCancel { driver.cancelAll() }
            while let page = try await pages.next() {
                try await sink.accept(OrderBatch(userTaskID: page.userTaskID, orders: page.orders))
            }
        }
    }

    /// The same over any ordered stream of order batches.
    public func orderCalls<S: AsyncSequence & Sendable>(
        _ batches: S, batch: Int = ListOrderDetailRequest.vendorLimit, concurrency: Int = 4
    ) -> OrderCallsScan where S.Element == OrderBatch {
        OrderCallsScan(client: self, batch: max(1, batch), concurrency: max(1, concurrency)) { sink in
            for try await b in batches { try await sink.accept(b) }
        }
    }
}
