// The Callbot HTTP client: signs each attempt afresh, retries what SPEC §5
// says is transient, verifies reply signatures, and turns every failure into
// a `CallbotError` that quotes retCode, retMsg and responseID.

import CallbotAPI
import CallqJSON
import Synchronization

/// A client of the Callbot read API. Safe to share between tasks.
public final class CallbotClient: Sendable {
    public let config: CallbotClientConfig
    private let counter = RequestCounter()
    private let policy: RetryPolicy
    /// Whether any reply came back from the server (a refused connection is retried only then).
    private let reachedServer = Atomic(false)
    /// Replies without a small declared length read one at a time per permit (`ReplyGate`).
    let largeReplies = AsyncPermits(ReplyGate.largeRepliesAtOnce)
    /// Whether the user was told that pages hold more orders than `size` (once per client).
    private let warnedOversizePage = Atomic(false)

    public init(config: CallbotClientConfig) {
        self.config = config
        policy = RetryPolicy(
            base: config.backoffBase, cap: config.backoffCap,
            retryAfterCap: config.retryAfterCap)
    }

    /// Requests sent so far by this client (every attempt counts).
    public var stats: RequestStats { counter.snapshot }

    // MARK: Endpoints

    /// `ping`: a signed round trip.
    public func ping(data: String = "callq") async throws -> PingReply {
        try await call(.ping, body: PingRequest(data: data).body) { bytes throws(JSONParseError) in
            let json = try JSONParser.parse(bytes)
            let reply = PingReply(json: json)
            if json["retCode"] != nil { return (reply, ReplyStatus(json: json)) }  // an error envelope
            let code = reply.code ?? 0
            return (reply, ReplyStatus(retCode: RetCode(rawValue: code), retMsg: reply.msg, responseID: reply.reqId))
        }
    }

    /// `listTask`: one page of tasks.
    public func listTask(_ request: ListTaskRequest) async throws -> ListTaskReply {
        try await call(.listTask, body: request.body) { bytes throws(JSONParseError) in
            let reply = ListTaskReply(json: try JSONParser.parse(bytes))
            return (reply, reply.status)
        }
    }

    /// `listOrder`: one page of orders, exactly as the request says (no splitting).
    /// A reply without an `orderList` array fails unless its totalCount says the page is empty.
    /// With `keyPaths`, orders are parsed only along them (`ListOrderReply.decode`); with
    /// `filter`, along its paths, and only the orders that pass get a tree.
    public func listOrder(
        _ request: ListOrderRequest, keyPaths: [[String]]? = nil, filter: OrderPageFilter? = nil
    ) async throws -> ListOrderReply {
        let reply = try await call(.listOrder, body: request.body) { bytes throws(JSONParseError) in
            let reply =
                if let filter {
                    try ListOrderReply.decode(bytes, filter: filter)
                } else {
                    try ListOrderReply.decode(bytes, keyPaths: keyPaths)
                }
            return (reply, reply.status)
        }
        try Self.checkOrderList(reply, for: request)
        if reply.orders.count > request.size, let notice = config.notice,
            !warnedOversizePage.exchange(true, ordering: .relaxed)
        {
            notice(
                "warning: listOrder page \(request.page) holds \(reply.orders.count) orders, more than the "
                    + "\(request.size) asked for (size); the server ignores `size`")
        }
        return reply
    }

    // MARK: The attempt loop

    /// Sends `body` to `endpoint` until it succeeds, fails for good, or attempts run out.
    func call<Reply: Sendable>(
        _ endpoint: CallbotEndpoint, body: [UInt8],
        decode: @Sendable ([UInt8]) throws(JSONParseError) -> (Reply, ReplyStatus)
    ) async throws -> Reply {
        var failures = 0
        while true {
            try Task.checkCancellation()
            counter.record(endpoint, retry: failures > 0)
            let outcome = await attempt(endpoint, body: body, decode: decode)
            switch outcome {
            case .success(let reply):
                return reply
            case .failure(var error, let retryAfter):
                failures += 1
                error.attempts = failures
                guard error.isRetryable, failures < config.maxAttempts,
                    !error.connectionRefused || reachedServer.load(ordering: .relaxed)
                else { throw error }
                if let retryAfter, retryAfter > policy.retryAfterCap {
                    // Waiting the cap and asking again would most likely be refused again: say so now.
                    error.detail +=
                        (error.detail.isEmpty ? "" : "; ") + "the server asks to wait "
                        + "\(RetryPolicy.text(retryAfter)) (Retry-After), more than retry_after_max = "
                        + "\(RetryPolicy.text(policy.retryAfterCap)); try again later or raise `set retry_after_max`"
                    throw error
                }
                let wait = policy.delay(afterFailures: failures, retryAfter: retryAfter)
                if let retryAfter, retryAfter >= .seconds(1), let notice = config.notice {
                    notice(
                        "callq: \(endpoint): \(error.httpStatus.map { "HTTP \($0)" } ?? "busy"); waiting "
                            + "\(RetryPolicy.text(wait)) as the server asks (Retry-After) before attempt "
                            + "\(failures + 1) of \(config.maxAttempts)")
                }
                try await Task.sleep(for: wait)
            case .cancelled:
                throw CancellationError()
            }
        }
    }

    private enum Outcome<Reply> {
        case success(Reply)
        case failure(CallbotError, retryAfter: Duration?)
        case cancelled
    }

    /// One signed attempt, classified.
    private func attempt<Reply>(
        _ endpoint: CallbotEndpoint, body: [UInt8],
        decode: ([UInt8]) throws(JSONParseError) -> (Reply, ReplyStatus)
    ) async -> Outcome<Reply> {
        let requestID = Self.newRequestID()
        let createTs = String(Self.nowSeconds())
        let signed = SignedHeaders.make(
            body: body, credentials: config.credentials, requestID: requestID,
            createTs: createTs)
        let headers = [("Content-Type", "application/json")] + signed.fields.map { ($0.name, $0.value) }
        let http: HTTPReply
        do {
            http = try await HTTPTransport.post(
                url: config.baseURL + endpoint.path, headers: headers,
                body: body, timeout: config.timeout,
                gate: ReplyGate(maxBytes: config.maxReplyBytes, permits: largeReplies))
        } catch is CancellationError {
            return .cancelled
        } catch let tooLarge as ReplyTooLarge {
            return .failure(
                CallbotError(
                    kind: .malformedReply, endpoint: endpoint, httpStatus: tooLarge.status,
                    detail: tooLarge.message), retryAfter: nil)
        } catch {
            if Task.isCancelled { return .cancelled }
            return .failure(transportError(endpoint, error), retryAfter: nil)
        }
        reachedServer.store(true, ordering: .relaxed)
        defer { http.release?() }
        let retryAfter = RetryPolicy.retryAfter(http.header("Retry-After"))
        guard http.status == 200 else {
            return .failure(
                CallbotError(
                    kind: .http, endpoint: endpoint, httpStatus: http.status,
                    detail: Self.received(http)), retryAfter: retryAfter)
        }
        if let problem = verification(of: http) {
            // A reply refusing our credentials is reported as what it is, signed or not.
            if let status = try? decode(http.body).1, let code = status.retCode,
                [.badSignature, .missingSignature, .noAccount, .noPermission].contains(code)
            {
                return .failure(apiError(endpoint, status, http), retryAfter: nil)
            }
            // A body cut or garbled on the way fails its signature too: say what it is (and retry).
            if problem.mismatch, case .failure(let error) = read(endpoint, http, decode) {
                return .failure(error, retryAfter: nil)
            }
            return .failure(
                CallbotError(
                    kind: .signature, endpoint: endpoint, httpStatus: http.status,
                    detail: problem.message), retryAfter: nil)
        }
        let decoded: (Reply, ReplyStatus)
        switch read(endpoint, http, decode) {
        case .success(let d): decoded = d
        case .failure(let error): return .failure(error, retryAfter: nil)
        }
        let (reply, status) = decoded
        guard let code = status.retCode else {
            return .failure(
                CallbotError(
                    kind: .malformedReply, endpoint: endpoint, retMsg: status.retMsg,
                    responseID: status.responseID, httpStatus: http.status,
                    detail: "has no retCode (missing, null or not a number)"), retryAfter: nil)
        }
        guard code == .success else { return .failure(apiError(endpoint, status, http), retryAfter: retryAfter) }
        return .success(reply)
    }

    /// The body as UTF-8 JSON, decoded; an unreadable body is a retryable malformed reply.
    private func read<Reply>(
        _ endpoint: CallbotEndpoint, _ http: HTTPReply,
        _ decode: ([UInt8]) throws(JSONParseError) -> (Reply, ReplyStatus)
    ) -> Result<(Reply, ReplyStatus), CallbotError> {
        if let offset = UTF8Validation.firstInvalidByte(http.body) {
            return .failure(unreadable(endpoint, http, "is not valid UTF-8 at byte \(offset)"))
        }
        do throws(JSONParseError) {
            return .success(try decode(http.body))
        } catch {
            return .failure(malformed(endpoint, http, error))
        }
    }

    /// Why a reply's signature is unacceptable.
    private struct VerificationProblem {
        var message: String
        /// Signed, but the signature does not match the body.
        var mismatch = false
    }

    /// Why the reply's signature is unacceptable, or nil when it is fine.
    private func verification(of http: HTTPReply) -> VerificationProblem? {
        guard config.verify != .off else { return nil }
        let headers: SignedHeaders?
        do throws(SignedHeaders.Problem) {
            headers = try SignedHeaders.read { http.header($0) }
        } catch {
            switch error {
            case .incomplete: return VerificationProblem(message: "its signature headers are incomplete")
            case .unknownAlgorithm(let a): return VerificationProblem(message: "its signature uses an unknown algorithm \(a)")
            }
        }
        guard let headers else {
            return config.verify == .strict ? VerificationProblem(message: "it is not signed (verify = strict)") : nil
        }
        // The signature covers the reply's own requestID/uuid/createTs headers; they are
        // not required to echo ours (the vendor's doc does not promise that they do).
        guard headers.verifies(body: http.body, secretKey: config.credentials.secretKey) else {
            return VerificationProblem(message: "its signature does not match its body", mismatch: true)
        }
        return nil
    }
}
