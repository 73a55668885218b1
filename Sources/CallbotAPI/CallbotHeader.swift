// The five authentication headers every Callbot request and reply carries
// (SPEC §1.1), and the helpers that make and check them over a body.
// Client and simulator both sign and verify through this one type.

/// The header names of the Callbot authentication scheme.
public enum CallbotHeader {
    public static let requestID = "requestID"
    public static let uuid = "uuid"
    public static let createTs = "createTs"
    public static let sign = "sign"
    public static let algorithm = "algorithm"
    /// All five, in the order they are sent.
    public static let all = [requestID, uuid, createTs, sign, algorithm]
}

/// The values of the five authentication headers of one message.
public struct SignedHeaders: Sendable, Hashable {
    public var requestID: String
    public var uuid: String
    public var createTs: String
    public var sign: String
    public var algorithm: SignAlgorithm

    public init(requestID: String, uuid: String, createTs: String, sign: String, algorithm: SignAlgorithm) {
        self.requestID = requestID
        self.uuid = uuid
        self.createTs = createTs
        self.sign = sign
        self.algorithm = algorithm
    }

    /// Signs `body` for `credentials` with the given request id and timestamp.
    public static func make(
        body: [UInt8], credentials: Credentials, requestID: String,
        createTs: String
    ) -> SignedHeaders {
        let sign = Signer.sign(
            body: body, createTs: createTs, requestID: requestID,
            uuid: credentials.uuid, secretKey: credentials.secretKey,
            algorithm: credentials.algorithm)
        return SignedHeaders(
            requestID: requestID, uuid: credentials.uuid, createTs: createTs,
            sign: sign, algorithm: credentials.algorithm)
    }

    /// Whether `sign` is the signature of `body` under `secretKey` (case-insensitive hex).
    public func verifies(body: [UInt8], secretKey: String) -> Bool {
        let expected = Signer.sign(
            body: body, createTs: createTs, requestID: requestID,
            uuid: uuid, secretKey: secretKey, algorithm: algorithm)
        return Self.constantTimeEqual(expected.uppercased(), sign.uppercased())
    }

    /// The headers as name/value pairs, in sending order.
    public var fields: [(name: String, value: String)] {
        [
            (CallbotHeader.requestID, requestID), (CallbotHeader.uuid, uuid),
            (CallbotHeader.createTs, createTs), (CallbotHeader.sign, sign),
            (CallbotHeader.algorithm, algorithm.rawValue)
        ]
    }

    /// Reads the headers through `lookup` (a case-insensitive header getter).
    /// Returns nil when `sign` is absent; a missing `algorithm` means MD5.
    /// Throws `SignedHeaders.Problem` when `sign` is there but the rest is unusable.
    public static func read(_ lookup: (String) -> String?) throws(Problem) -> SignedHeaders? {
        guard let sign = lookup(CallbotHeader.sign), !sign.isEmpty else { return nil }
        guard let requestID = lookup(CallbotHeader.requestID),
            let uuid = lookup(CallbotHeader.uuid),
            let createTs = lookup(CallbotHeader.createTs)
        else { throw .incomplete }
        var algorithm = SignAlgorithm.md5
        if let name = lookup(CallbotHeader.algorithm), !name.isEmpty {
            guard let a = SignAlgorithm(headerValue: name) else { throw .unknownAlgorithm(name) }
            algorithm = a
        }
        return SignedHeaders(
            requestID: requestID, uuid: uuid, createTs: createTs, sign: sign,
            algorithm: algorithm)
    }

    /// Why a set of authentication headers cannot be used.
    public enum Problem: Error, Sendable, Hashable {
        case incomplete
        case unknownAlgorithm(String)
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

extension SignAlgorithm {
    /// Parses a header value (`MD5`, `SHA256`, any case; `SHA-256` too).
    public init?(headerValue: String) {
        switch headerValue.uppercased() {
        case "MD5": self = .md5
        case "SHA256", "SHA-256": self = .sha256
        default: return nil
        }
    }
}
