// A listOrder scan in two steps: opening fetches the first page (of each part
// of a split request) so `totalCount` and `pageCount` are known before anything
// else is sent; iterating then fetches the rest, in page order, with at most
// `concurrency` requests in flight, de-duplicating orders by orderID. When a
// later page reports a larger totalCount (a task still dialing), the pages
// that grew onto the end are fetched too, a page fetched before rows shifted
// onto it is fetched again (see ScanDriver), and an empty page ends its part.

import CallbotAPI
import CallqJSON

/// One delivered page of a scan.
public struct OrderPage: Sendable {
    public var userTaskID: String
    /// Which part of a split request (0 when the request was not split).
    public var part: Int
    /// The server page number.
    public var page: Int
    /// The page's orders in reply order, minus those already delivered earlier in the scan.
    public var orders: [Order]
    /// The reply's totalCount.
    public var totalCount: Int?
    /// How many orders the server sent on this page, those dropped as duplicates included.
    public let received: Int

    init(userTaskID: String, part: Int, page: Int, orders: [Order], totalCount: Int?) {
        self.userTaskID = userTaskID
        self.part = part
        self.page = page
        self.orders = orders
        self.totalCount = totalCount
        received = orders.count
    }

    /// True when the server sent no order on this page although its totalCount puts some
    /// here (`size` per page): the scan of this part ended here, short of what was claimed.
    public func endedShortOfTotal(size: Int) -> Bool {
        guard received == 0, let totalCount, let before = OrderScan.ordersBefore(page: page, size: size)
        else { return false }
        return totalCount > before
    }
}

/// An opened scan: an `AsyncSequence` of pages in order. Iterate it once;
/// stopping early (break, cancellation) cancels the requests in flight.
public struct OrderScan: AsyncSequence, Sendable {
    public typealias Element = OrderPage

    enum Slot: Sendable {
        case ready(OrderPage)
        case fetch(part: Int, page: Int)
    }

    public let userTaskID: String
    /// Orders matching the request (sum over the parts of a split request).
    public let totalCount: Int
    /// Pages the first pages' totalCount implies, those already fetched included. The
    /// scan delivers fewer when a page comes back empty (that ends its part) and more
    /// when later pages report a grown task.
    public let pageCount: Int
    /// Requests iterating will send if the totalCount is right (retries not counted).
    public var remainingRequests: Int { pageCount - parts }
    /// The number of requests the server was asked to split into (1 when not split).
    public let parts: Int

    private(set) var slots: [Slot]
    let client: CallbotClient
    let size: Int
    let concurrency: Int
    /// The last page to fetch of any part (the upper end of the page range).
    let lastPage: Int
    /// The options of each part, by part index.
    let partOptions: [ListOrderOptions]

    /// The request for page `page` of part `part`.
    func request(part: Int, page: Int) -> ListOrderRequest {
        ListOrderRequest(userTaskID: userTaskID, options: partOptions[part], page: page, size: size)
    }
    /// The last page of each part that its first page's totalCount implies (within the range).
    let plannedLastPages: [Int]
    /// What iterating parses of each order (nil: whole orders); see `selecting(_:)`.
    public private(set) var keyPaths: [[String]]? = nil

    /// This scan, with the pages it fetches from now on parsed only along `keyPaths`
    /// (`ListOrderReply.decode`); the first pages, fetched when it opened, stay whole.
    public func selecting(_ keyPaths: [[String]]?) -> OrderScan {
        var scan = self
        scan.keyPaths = keyPaths
        return scan
    }

    /// What iterating keeps of the orders (nil: every one); see `filtering(_:)`.
    public private(set) var filter: OrderPageFilter? = nil

    /// This scan, every page of it (the first pages too) filtered by `filter`: an order that
    /// fails is a stand-in (`Order.isFilteredOut`), so de-duplication and the page checks
    /// still count it; the pages fetched from now on are read along the filter's paths.
    public func filtering(_ filter: OrderPageFilter) -> OrderScan {
        var scan = self
        scan.filter = filter
        scan.slots = slots.map { slot in
            guard case .ready(var page) = slot else { return slot }
            page.orders = page.orders.map { filter.order(raw: $0.raw, json: $0.json) }
            return .ready(page)
        }
        return scan
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(driver: ScanDriver(scan: self))
    }

    /// Delivers pages; dropping it cancels what is still in flight.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let driver: ScanDriver
        public mutating func next() async throws -> OrderPage? { try await driver.next() }
        /// OrderIDs remembered for de-duplication now.
        var rememberedIDs: Int { driver.rememberedIDs }
    }

    /// All remaining orders in order (convenience for tests and small scans).
    public func allOrders() async throws -> [Order] {
        var out: [Order] = []
        for try await page in self { out += page.orders }
        return out
    }
}
