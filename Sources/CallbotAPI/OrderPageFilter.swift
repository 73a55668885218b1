// A filter applied to listOrder pages as they are decoded: each order is slot-read
// in the pass that validates the reply and tested before any tree exists, and only
// an order that passes gets one. One that fails stays on the page as a stand-in
// holding its orderID (`Order.isFilteredOut`), so the scan's de-duplication and its
// page checks see every row the server sent; whoever reads the scan drops it.
import CallqJSON

/// Which orders of a page get a tree (see `ListOrderReply.decode(_:filter:)`).
public struct OrderPageFilter: Sendable {
    /// What is parsed of each order: the query's key paths and `orderID`.
    public let selection: JSONSelection
    /// The test on an order's slots (nodes of `selection`).
    let passesSlots: @Sendable (SlotValues) -> Bool
    /// The same test on an order's tree: for an order the slot reader leaves to the ordinary
    /// parse, and for pages read whole.
    public let passes: @Sendable (JSONValue) -> Bool
    /// Whether an order that passes keeps its bytes (`Order.raw`; without, it is empty).
    public let keepsRaw: Bool
    let orderIDNode: Int

    /// A filter of orders read along `keyPaths`: `tree` tests a tree, and `compile` makes the
    /// same test over the slots of the selection it is given. Nil when the paths cannot be
    /// slot-read (an empty path, …) or `compile` gives nil.
    public init?(
        keyPaths: [[String]], keepsRaw: Bool, tree: @escaping @Sendable (JSONValue) -> Bool,
        slots compile: (JSONSelection) -> (@Sendable (SlotValues) -> Bool)?
    ) {
        guard !keyPaths.contains(where: \.isEmpty) else { return nil }
        let selection = JSONSelection(paths: keyPaths + [["orderID"]])
        guard selection.supportsSlots, let orderID = selection.node(for: ["orderID"]), let test = compile(selection)
        else { return nil }
        self.selection = selection
        self.passesSlots = test
        self.passes = tree
        self.keepsRaw = keepsRaw
        self.orderIDNode = orderID
    }

    /// The order a tree (with its bytes) stands for on a filtered page.
    public func order(raw: @autoclosure () -> [UInt8], json: JSONValue) -> Order {
        passes(json) ? Order(raw: keepsRaw ? raw() : [], json: json) : .filteredOut(orderID: json["orderID"])
    }
}

extension ListOrderReply {
    /// Decodes a reply body as `decode(body, keyPaths:)` does with the filter's key paths (the
    /// same envelope, the same orders in the same order, the same errors), except that an order
    /// failing `filter` is a stand-in (`Order.isFilteredOut`) and builds no tree.
    public static func decode(_ body: [UInt8], filter: OrderPageFilter) throws(JSONParseError) -> ListOrderReply {
        let list = JSONSelection.list("orderList", elements: filter.selection, envelope: envelopeKeys)
        let slots = SlotValues.allocate(for: filter.selection)
        defer { slots.deallocate() }
        // Orders read through slots, by their index among the list's elements (nil: read as trees).
        var slotted: [Order?] = []
        let result = body.withUnsafeBytes { bytes in
            filter.selection.withParser { parser in
                Result { () throws(JSONParseError) -> (JSONValue, [Range<Int>]) in
                    try JSONParser.parseCapturing(bytes, selecting: list, slotting: parser, into: slots) { k, range, slots in
                        while slotted.count < k { slotted.append(nil) }
                        slotted.append(
                            filter.passesSlots(slots)
                                ? Order(raw: filter.keepsRaw ? Array(bytes[range]) : [], json: parser.tree(from: slots))
                                : .filteredOut(orderID: slots[filter.orderIDNode]))
                    }
                }
            }
        }
        let (json, ranges) = try result.get()
        if case .array(let items)? = json["orderList"], items.count != ranges.count {
            // Repeated orderList keys: read whole, so that re-written orders lose nothing.
            let whole = try decode(body)
            return ListOrderReply(
                status: whole.status, totalCount: whole.totalCount,
                orders: whole.orders.map { filter.order(raw: $0.raw, json: $0.json) }, orderListForm: whole.orderListForm)
        }
        return assemble(json) { k, item in
            if k < slotted.count, let order = slotted[k] { return order }
            return item.objectValue == nil ? nil : filter.order(raw: Array(body[ranges[k]]), json: item)
        }
    }
}
