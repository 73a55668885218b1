// The envelope every listOrder/listTask reply shares: retCode, retMsg and
// responseID (SPEC §1.2). Decoding is tolerant: a missing or mistyped field is nil.

import CallqJSON

/// The status part of a Callbot reply.
public struct ReplyStatus: Sendable, Hashable {
    /// nil when the reply has no integer `retCode`.
    public var retCode: RetCode?
    public var retMsg: String?
    /// The id support asks for; quoted in every error message.
    public var responseID: String?

    public init(retCode: RetCode?, retMsg: String? = nil, responseID: String? = nil) {
        self.retCode = retCode
        self.retMsg = retMsg
        self.responseID = responseID
    }

    /// Reads the envelope of a reply object; every field may be missing.
    public init(json: JSONValue) {
        retCode = json["retCode"].flatMap(\.lenientInt).map { RetCode(rawValue: $0) }
        retMsg = json["retMsg"].flatMap(\.lenientString)
        responseID = json["responseID"].flatMap(\.lenientString)
    }
}

extension JSONValue {
    /// An integer, also from an integral double or a string of digits; else nil.
    public var lenientInt: Int? {
        if let i = intValue { return i }
        if case .string(let s) = self { return Int(s.trimmingSpaces) }
        return nil
    }

    /// A string, also from a number (ids are sometimes sent as numbers); else nil.
    public var lenientString: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: return nil
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
