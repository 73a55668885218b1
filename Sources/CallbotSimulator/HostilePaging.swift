// A hostile (or broken) listOrder server for tests (#27-2): its pages do not add up
// to the totalCount it reports — one page comes back empty or short, every page
// repeats the first, or orders lack their orderID. Set `Faults.hostilePaging`; it
// applies to every listOrder reply of a page after the first.
import CallbotAPI
import CallqJSON

/// How a hostile server's pages fail to add up.
public enum HostilePaging: Sendable, Hashable {
    /// Page N comes back empty while totalCount stays.
    case emptyPage(Int)
    /// Page N holds only its first half.
    case shortPage(Int)
    /// Every page after the first holds the first page's orders.
    case repeatFirstPage
    /// Page N's orders have no orderID.
    case withoutOrderID(Int)

    /// The orders of page `page` as this server sends them; `first` gives page 1's orders.
    func orders(_ orders: [Order], page: Int, first: () -> [Order]) -> [Order] {
        switch self {
        case .emptyPage(let n) where page == n: return []
        case .shortPage(let n) where page == n: return Array(orders.prefix(orders.count / 2))
        case .repeatFirstPage where page > 1: return first()
        case .withoutOrderID(let n) where page == n:
            return orders.map { order in
                guard case .object(var o) = order.json else { return order }
                o.members.removeAll { $0.key == "orderID" }
                let json = JSONValue.object(o)
                return Order(raw: JSONWriter.bytes(json), json: json)
            }
        default: return orders
        }
    }
}
