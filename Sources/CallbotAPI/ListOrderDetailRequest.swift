// The listOrderDetail request (SPEC §1.4): a task and a list of order ids, at
// most 500 of them (more is retCode 4001). Serialized in a fixed key order so
// the signed body is stable.

import CallqJSON

/// A listOrderDetail request body: `{"productID","userTaskID","orderList":[ids]}`.
public struct ListOrderDetailRequest: Sendable, Hashable {
    /// The most ids the vendor accepts in one request.
    public static let vendorLimit = 500

    public var productID: String
    public var userTaskID: String
    /// The order ids asked for, in the order they are sent.
    public var orderIDs: [String]

    public init(userTaskID: String, orderIDs: [String], productID: String = "callbot") {
        self.productID = productID
        self.userTaskID = userTaskID
        self.orderIDs = orderIDs
    }

    public var json: JSONValue {
        [
            "productID": .string(productID), "userTaskID": .string(userTaskID),
            "orderList": .array(orderIDs.map { .string($0) })
        ]
    }

    /// The exact bytes sent (and signed).
    public var body: [UInt8] { JSONWriter.bytes(json) }
}
