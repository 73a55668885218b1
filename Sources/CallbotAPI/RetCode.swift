// The vendor's retCode values (SPEC §1.2) with their meanings and whether a
// failed request carrying one is worth retrying.

/// A Callbot `retCode`. Unknown codes are kept as they are.
public struct RetCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public static let success = RetCode(0)
    public static let generalError = RetCode(1)
    public static let missingParameter = RetCode(2)
    public static let formatError = RetCode(3)
    public static let invalidValue = RetCode(4)
    public static let tooManyElements = RetCode(4001)
    public static let maintenance = RetCode(5)
    public static let internalError = RetCode(5001)
    public static let badSignature = RetCode(6)
    public static let missingSignature = RetCode(6001)
    public static let noAccount = RetCode(6002)
    public static let noPermission = RetCode(6003)
    public static let busy = RetCode(7)

    /// The vendor's meaning of the code.
    public var meaning: String {
        switch rawValue {
        case 0: return "success"
        case 1: return "general error"
        case 2: return "missing parameter"
        case 3: return "parameter format error"
        case 4: return "invalid parameter value"
        case 4001: return "too many array elements"
        case 5: return "server maintenance"
        case 5001: return "internal server error"
        case 6: return "incorrect signature"
        case 6001: return "missing signature"
        case 6002: return "account does not exist"
        case 6003: return "no permission"
        case 7: return "system busy"
        default: return "unknown retCode"
        }
    }

    /// Transient conditions (busy, maintenance, internal error) are retried.
    public var isRetryable: Bool { self == .busy || self == .maintenance || self == .internalError }

    public var description: String { "\(rawValue) (\(meaning))" }
}
