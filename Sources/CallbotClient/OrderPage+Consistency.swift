// Does a page add up? A page of a listing holds `size` orders unless it is the
// last one its totalCount implies; each has an orderID; and it brings orders not
// seen before. A hostile or broken server breaks each of these (an empty page 5
// while totalCount stays 1000, a short page, page 1 served again for every page,
// orders without orderID). `orders` warns about such a page; a sync fetches it
// again and fails when the listing still does not add up (MirrorSync).
import CallbotAPI

extension OrderPage {
    /// What does not add up about this page, in words, or nil. `newIDs`: how many of its orders
    /// the caller had not seen before (nil: judged from what the scan's de-duplication left).
    public func oddity(size: Int, newIDs: Int? = nil) -> String? {
        if endedShortOfTotal(size: size) {
            return "page \(page) came back empty although its totalCount is \(totalCount ?? 0)"
        }
        let withoutID = orders.count { $0.orderID == nil }
        if withoutID > 0 { return "page \(page) holds \(withoutID) order\(withoutID == 1 ? "" : "s") without orderID" }
        if let totalCount, let before = OrderScan.ordersBefore(page: page, size: size), totalCount - before > received,
            received < size
        {
            return "page \(page) holds \(received) orders, not \(size), although its totalCount is \(totalCount)"
        }
        let fresh = newIDs ?? orders.count
        if received > 0 && fresh == 0 { return "page \(page) repeats orders of earlier pages" }
        return nil
    }
}

extension OrderScan {
    /// Page `page` of part `part` fetched again, whole (a page that did not add up).
    public func refetch(part: Int, page: Int) async throws -> OrderPage {
        let reply = try await client.listOrder(request(part: part, page: page))
        return OrderPage(userTaskID: userTaskID, part: part, page: page, orders: reply.orders, totalCount: reply.totalCount)
    }

    /// Orders per page.
    public var pageSize: Int { size }
}
