// The simulator's request handling without the HTTP server: authenticate,
// validate, answer ping/listTask/listOrder/listOrderDetail, sign the reply,
// inject faults, let the running campaign move on before data requests.
// The Hummingbird responder only moves bytes in and out of this.

import CallbotAPI
import CallqJSON
import Foundation

/// A reply to send: status, headers, body, and whether to cut the body.
struct SimulatorReply: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    /// When set, only this many bytes are sent and the connection is closed.
    var cutAt: Int?
}

/// Handles Callbot requests against a store, with the configured faults.
final class SimulatorService: Sendable {
    let config: SimulatorConfig
    let store: SimulatorStore
    let stats = StatsCounter()

    init(config: SimulatorConfig) {
        self.config = config
        store = SimulatorStore(
            data: SimulatorData(seed: config.seed, tasks: config.tasks, orders: config.orders),
            seed: config.seed, campaign: config.campaign)
    }

    /// Answers one request. `header` reads request headers case-insensitively.
    func handle(path: String, header: @Sendable (String) -> String?, body: [UInt8]) async -> SimulatorReply {
        let endpoint = CallbotEndpoint(path: path)
        stats.begin(endpoint?.rawValue ?? "other")
        defer { stats.end() }
        let f = config.faults
        if f.latencyMs > 0 || f.jitterMs > 0 {
            let delay = f.latencyMs + (f.jitterMs > 0 ? store.int(0...f.jitterMs) : 0)
            try? await Task.sleep(for: .milliseconds(delay))
        }
        guard let endpoint else {
            return SimulatorReply(
                status: 404, headers: [("Content-Type", "text/plain")],
                body: Array("no such endpoint: \(path)\n".utf8))
        }
        if store.chance(f.errorRate) {
            stats.fault("error")
            return SimulatorReply(
                status: 500, headers: retryAfterHeader + [("Content-Type", "text/plain")],
                body: Array("Internal Server Error\n".utf8))
        }
        if store.chance(f.throttleRate) {
            stats.fault("throttle")
            return SimulatorReply(
                status: 429, headers: retryAfterHeader + [("Content-Type", "text/plain")],
                body: Array("Too Many Requests\n".utf8))
        }
        if store.chance(f.htmlRate) {
            stats.fault("html")
            return SimulatorReply(status: 200, headers: [("Content-Type", "text/html")], body: MalformedReply.loginPage)
        }
        let now = Int(Date().timeIntervalSince1970)
        let auth = SimulatorAuth.check(
            header: header, body: body, credentials: config.credentials,
            now: now, window: config.clockWindow)
        let request: SignedHeaders
        switch auth {
        case .failure(let failure):
            return envelope(failure.retCode, failure.message, signedFor: nil)
        case .success(let h):
            request = h
            stats.sawRequestID(h.requestID)
        }
        if store.chance(f.busyRate) {
            stats.fault("busy")
            var reply = envelope(.busy, "system busy", signedFor: request)
            reply.headers += retryAfterHeader
            return reply
        }
        if store.chance(f.maintenanceRate) {
            stats.fault("maintenance")
            let code: RetCode = store.chance(0.5) ? .maintenance : .internalError
            return envelope(code, code.meaning, signedFor: request)
        }
        guard let json = try? JSONParser.parse(body) else {
            return envelope(.formatError, "body is not valid JSON", signedFor: request)
        }
        let replyBody: [UInt8]
        do throws(APIFailure) {
            switch endpoint {
            case .ping: replyBody = ping(json, request: request, now: now)
            case .listTask: replyBody = try listTask(json)
            case .listOrder:
                let orders = try listOrder(json)
                if !f.malformed.isEmpty, store.chance(f.malformedRate) {
                    let kind = f.malformed[store.int(0...(f.malformed.count - 1))]
                    stats.fault("malformed-\(kind.rawValue)")
                    return garbled(MalformedReply.make(kind, from: orders), for: request)
                }
                replyBody = orders.encode()
            case .listOrderDetail: replyBody = try listOrderDetail(json)
            }
        } catch {
            return envelope(error.retCode, error.message, signedFor: request)
        }
        if store.chance(f.shortBodyRate), replyBody.count > 2 {
            stats.fault("short")
            return garbled(
                MalformedReply.Garbled(body: MalformedReply.truncated(replyBody), signedBody: replyBody),
                for: request)
        }
        var reply = signed(replyBody, for: request)
        if store.chance(f.tamperRate) {
            stats.fault("tamper")
            if let i = reply.body.firstIndex(of: UInt8(ascii: ":")) {
                reply.body.insert(contentsOf: Array(" ".utf8), at: i + 1)
            }
        }
        if store.chance(f.truncateRate) {
            stats.fault("truncate")
            reply.cutAt = reply.body.count / 2
        }
        return reply
    }

    private var retryAfterHeader: [(String, String)] {
        config.faults.retryAfter.map { [("Retry-After", String($0))] } ?? []
    }

    private func ping(_ json: JSONValue, request: SignedHeaders, now: Int) -> [UInt8] {
        let reply = PingReply(
            data: json["data"]?.lenientString, timestamp: now, code: 0, msg: "success",
            reqId: request.requestID)
        return JSONWriter.bytes(reply.json)
    }

    private func listTask(_ json: JSONValue) throws(APIFailure) -> [UInt8] {
        let call = try RequestValidation.listTask(
            json, pageSizeLimit: config.pageSizeLimit,
            listLimit: config.listLimit)
        let all = store.tasks(matching: call.query)
        let start = min((call.page - 1) * call.size, all.count)
        let page = Array(all[start..<min(start + call.size, all.count)])
        let reply = ListTaskReply(
            status: ReplyStatus(
                retCode: .success, retMsg: "success",
                responseID: Self.newID()),
            totalCount: all.count, tasks: page)
        return JSONWriter.bytes(reply.json)
    }

    private func listOrder(_ json: JSONValue) throws(APIFailure) -> ListOrderReply {
        let call = try RequestValidation.listOrder(
            json, pageSizeLimit: config.pageSizeLimit,
            listLimit: config.listLimit)
        if store.chance(config.faults.mutateRate) {
            stats.fault("mutate")
            store.insertOrders(task: call.userTaskID, count: store.int(1...3))
        }
        store.campaignTick(task: call.userTaskID)
        let ignore = store.ignoreSize.withLock { $0 } ?? config.faults.ignoreSize
        guard
            let found = store.page(
                task: call.userTaskID, options: call.options,
                page: ignore ? 1 : call.page, size: ignore ? 10_000_000 : call.size)
        else {
            throw APIFailure(.invalidValue, "userTaskID \(call.userTaskID) does not exist")
        }
        var orders = found.orders
        if let hostile = store.hostilePaging.withLock({ $0 }) ?? config.faults.hostilePaging {
            orders = hostile.orders(orders, page: call.page) {
                store.page(task: call.userTaskID, options: call.options, page: 1, size: call.size)?.orders ?? []
            }
        }
        return ListOrderReply(
            status: ReplyStatus(retCode: .success, retMsg: "success", responseID: Self.newID()),
            totalCount: found.total, orders: orders)
    }

    private func listOrderDetail(_ json: JSONValue) throws(APIFailure) -> [UInt8] {
        let call = try RequestValidation.listOrderDetail(json, limit: config.detailLimit)
        stats.askedDetails(call.orderIDs)
        store.campaignTick(task: call.userTaskID)
        guard let entries = store.details(task: call.userTaskID, ids: call.orderIDs) else {
            throw APIFailure(.invalidValue, "userTaskID \(call.userTaskID) does not exist")
        }
        let reply: JSONObject = [
            "retCode": .int(0), "retMsg": .string("success"), "responseID": .string(Self.newID()),
            ListOrderDetailReply.listKey: .array(entries)
        ]
        return JSONWriter.bytes(.object(reply))
    }

    /// A reply with only the envelope; signed when the request authenticated.
    private func envelope(_ code: RetCode, _ message: String, signedFor request: SignedHeaders?) -> SimulatorReply {
        let o: JSONObject = [
            "retCode": .int(code.rawValue), "retMsg": .string(message),
            "responseID": .string(Self.newID())
        ]
        let body = JSONWriter.bytes(.object(o))
        guard let request else {
            return SimulatorReply(status: 200, headers: [("Content-Type", "application/json")], body: body)
        }
        return signed(body, for: request)
    }

    /// A malformed reply: sent as it is, signed over what it says it signs (if anything).
    private func garbled(_ g: MalformedReply.Garbled, for request: SignedHeaders) -> SimulatorReply {
        guard let signedBody = g.signedBody else {
            return SimulatorReply(status: g.status, headers: [("Content-Type", g.contentType)], body: g.body)
        }
        var reply = signed(signedBody, for: request)
        reply.status = g.status
        reply.headers[0] = ("Content-Type", g.contentType)
        reply.body = g.body
        return reply
    }

    /// Signs a reply body with the request's id, the account and a fresh createTs.
    private func signed(_ body: [UInt8], for request: SignedHeaders) -> SimulatorReply {
        let creds = Credentials(
            uuid: config.credentials.uuid, secretKey: config.credentials.secretKey,
            algorithm: request.algorithm)
        let h = SignedHeaders.make(
            body: body, credentials: creds, requestID: request.requestID,
            createTs: String(Int(Date().timeIntervalSince1970)))
        return SimulatorReply(
            status: 200, headers: [("Content-Type", "application/json")] + h.fields.map { ($0.name, $0.value) },
            body: body)
    }

    static func newID() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
