// Checks on listOrder replies that parsed and said retCode 0 but still cannot be
// believed: no orderList where orders were promised, an orderList that is not an
// array, a count whose own first page is empty. Each is a clear, unretried error.

import CallbotAPI

extension CallbotClient {
    /// `orderList` may be missing or null only when the reply's totalCount puts no
    /// order on the requested page; another type than an array is never accepted.
    static func checkOrderList(_ reply: ListOrderReply, for request: ListOrderRequest) throws(CallbotError) {
        switch reply.orderListForm {
        case .array:
            return
        case .absent:
            guard let total = reply.totalCount, let before = OrderScan.ordersBefore(page: request.page, size: request.size),
                total > before
            else { return }
            throw malformedReply(reply, "has no orderList, yet its totalCount is \(total)")
        case .other(let type):
            throw malformedReply(reply, "has an orderList that is \(type), not an array")
        }
    }

    /// A size-1 first page must hold an order when its totalCount is above 0.
    static func checkCountReply(_ reply: ListOrderReply, total: Int) throws(CallbotError) {
        guard total > 0, reply.orders.isEmpty else { return }
        throw malformedReply(reply, "has totalCount \(total) but no order on its first page")
    }

    static func malformedReply(_ reply: ListOrderReply, _ detail: String) -> CallbotError {
        CallbotError(
            kind: .malformedReply, endpoint: .listOrder, retMsg: reply.retMsg,
            responseID: reply.responseID, detail: detail)
    }
}
