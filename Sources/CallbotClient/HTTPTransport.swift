// One HTTP POST over AsyncHTTPClient with a hard time limit covering the
// headers and the whole body. Knows nothing of signing or retCodes.

import AsyncHTTPClient

/// A received HTTP reply.
struct HTTPReply: Sendable {
    var status: Int
    /// Header name/value pairs as received.
    var headers: [(String, String)]
    var body: [UInt8]
    /// Gives back the large-reply permit the body was read under (call once done with it).
    var release: (@Sendable () -> Void)? = nil

    /// The first header named `name`, case-insensitively.
    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }
}

/// The attempt ran out of time.
struct TransportTimeout: Error {}

/// Sends POST requests through a process-wide HTTP client.
enum HTTPTransport {
    /// Shared by all Callbot clients and never shut down (like `HTTPClient.shared`),
    /// with room for many parallel connections to one host.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        // A refused connection fails the attempt at once; our own retry loop backs off.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// POSTs `body` to `url`; throws `TransportTimeout` after `timeout`, `ReplyTooLarge`
    /// for a body past `gate.maxBytes` (declared or as it arrives).
    static func post(
        url: String, headers: [(String, String)], body: [UInt8],
        timeout: Duration, gate: ReplyGate
    ) async throws -> HTTPReply {
        try await withThrowingTaskGroup(of: HTTPReply?.self) { group in
            group.addTask {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                for (name, value) in headers { request.headers.add(name: name, value: value) }
                request.body = .bytes(body)
                let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
                let status = Int(response.status.code)
                let declared = response.headers.first(name: "Content-Length").flatMap { Int($0) }
                let release = try await gate.admit(declared: declared, status: status)
                var bytes: [UInt8] = []
                do {
                    if let declared { bytes.reserveCapacity(declared) }
                    for try await chunk in response.body {
                        guard bytes.count + chunk.readableBytes <= gate.maxBytes else {
                            throw ReplyTooLarge(maxBytes: gate.maxBytes, declared: nil, status: status)
                        }
                        bytes.append(contentsOf: chunk.readableBytesView)
                    }
                } catch {
                    release?()
                    throw error
                }
                return HTTPReply(
                    status: status, headers: response.headers.map { ($0.name, $0.value) },
                    body: bytes, release: release)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let reply = first else {
                // A reply that came in after the time ran out gives its permit back.
                group.cancelAll()
                while true {
                    do {
                        guard let late = try await group.next() else { break }
                        late?.release?()
                    } catch { continue }
                }
                throw TransportTimeout()
            }
            return reply
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (s, atto) = components
        let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : ns + atto / 1_000_000_000
    }

    /// The duration in seconds as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
