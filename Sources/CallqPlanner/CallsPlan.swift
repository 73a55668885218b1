// The second stage of a `calls` query (SPEC §11): the orders listOrder
// enumerates (with only order-level conjuncts pushed: orderID, finish, task —
// the calls catalog gives no other field a listOrder option) go to
// listOrderDetail in batches of ids; each attempt is a row, checked by the
// residual. The mirror keeps attempts in their own table with the same indexed
// columns, so `calls from mirror` pushes the same SQL as `orders from mirror`.

import CallqSemantics

/// How the attempts of a `calls` query are read.
public struct CallsPlan: Sendable, Hashable {
    /// Most order ids in one listOrderDetail request (`detail_batch`; 4001 halves it).
    public var detailBatch: Int

    public init(detailBatch: Int) {
        self.detailBatch = max(1, detailBatch)
    }

    /// The explain lines of the detail stage of an API query.
    func explainAPI() -> String {
        "  then: listOrderDetail of the orders' ids, at most \(detailBatch) ids a request (detail_batch; 4001 halves it), "
            + "`concurrency` requests in flight, in listOrder page order; one row per attempt, oldest first\n"
    }
}
