// listOrderDetail on the client: one request exactly as asked (signed, retried
// and verified like listOrder), and the id-list fetch that keeps within the
// batch size the server accepts, halving a batch the server answers 4001.

import CallbotAPI
import CallqJSON
import Synchronization

extension CallbotClient {
    /// `listOrderDetail`: every call attempt of the orders `request` names, exactly as
    /// asked (no splitting). A reply without an `orderDetailList` array fails.
    public func listOrderDetail(_ request: ListOrderDetailRequest) async throws -> ListOrderDetailReply {
        let reply = try await call(.listOrderDetail, body: request.body) { bytes throws(JSONParseError) in
            let reply = try ListOrderDetailReply.decode(bytes)
            return (reply, reply.status)
        }
        try Self.checkDetailList(reply, for: request)
        return reply
    }

    /// The detail entries of the orders `ids` of `task`, in reply order per request and
    /// the requests in `ids` order: at most `batch` ids a request (the vendor takes 500);
    /// a request answered 4001 is halved and the smaller size kept for the rest.
    /// Unknown ids are simply absent from the result.
    public func orderDetails(
        task: String, ids: [String],
        batch: Int = ListOrderDetailRequest.vendorLimit
    ) async throws -> [OrderDetail] {
        try await orderDetails(task: task, ids: ids, limit: DetailBatchLimit(batch))
    }

    /// `orderDetails`, sharing what was learned about the server's limit through `limit`.
    func orderDetails(task: String, ids: [String], limit: DetailBatchLimit) async throws -> [OrderDetail] {
        guard !ids.isEmpty else { return [] }
        let size = limit.value
        if ids.count > size {
            var out: [OrderDetail] = []
            for start in stride(from: 0, to: ids.count, by: size) {
                out += try await orderDetails(
                    task: task, ids: Array(ids[start..<min(start + size, ids.count)]),
                    limit: limit)
            }
            return out
        }
        do {
            return try await listOrderDetail(ListOrderDetailRequest(userTaskID: task, orderIDs: ids)).details
        } catch let error as CallbotError where error.retCode == .tooManyElements && ids.count >= 2 {
            limit.lower(to: ids.count / 2)
            return try await orderDetails(task: task, ids: ids, limit: limit)
        }
    }

    /// `orderDetailList` must be an array when ids were asked for: a reply without one
    /// would silently drop every attempt.
    static func checkDetailList(_ reply: ListOrderDetailReply, for request: ListOrderDetailRequest) throws(CallbotError) {
        let problem: String
        switch reply.listForm {
        case .array: return
        case .absent:
            guard !request.orderIDs.isEmpty else { return }
            problem = "has no orderDetailList (asked for \(request.orderIDs.count) orders)"
        case .other(let type):
            problem = "has an orderDetailList that is \(type), not an array"
        }
        throw CallbotError(
            kind: .malformedReply, endpoint: .listOrderDetail, retMsg: reply.retMsg,
            responseID: reply.responseID, detail: problem)
    }
}

/// The most ids one listOrderDetail request carries; lowered (never raised) when the
/// server answers 4001, and shared by the requests of one fetch.
final class DetailBatchLimit: Sendable {
    private let size: Mutex<Int>
    init(_ size: Int) { self.size = Mutex(max(1, size)) }
    var value: Int { size.withLock { $0 } }
    func lower(to n: Int) { size.withLock { $0 = max(1, min($0, n)) } }
}
