// Account credentials. The secret key is never printed: descriptions and
// debug output mask it, so logging a Credentials value is safe.

/// The account id, secret key and signing algorithm of a Callbot account.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var uuid: String
    public var secretKey: String
    public var algorithm: SignAlgorithm

    public init(uuid: String, secretKey: String, algorithm: SignAlgorithm = .md5) {
        self.uuid = uuid
        self.secretKey = secretKey
        self.algorithm = algorithm
    }

    /// The secret as shown anywhere a person might read it.
    public static let mask = "****"

    public var description: String {
        "Credentials(uuid: \(uuid), secretKey: \(Credentials.mask), algorithm: \(algorithm.rawValue))"
    }
    public var debugDescription: String { description }
}
