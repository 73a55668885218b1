// One call attempt of an order: an element of listOrderDetail's
// `callInfoDetailList`, shaped like listOrder's `callInfoDetail`. It keeps the
// exact bytes received and the parsed object; accessors are tolerant.

import CallqJSON

/// A call attempt: raw JSON bytes plus the parsed object.
public struct CallAttempt: Sendable {
    /// The attempt's JSON exactly as received (or as written, for built attempts).
    public let raw: [UInt8]
    /// The parsed attempt object.
    public let json: JSONValue

    /// Wraps a parsed attempt; `raw` is its compact serialization.
    public init(json: JSONValue) {
        self.json = json
        raw = JSONWriter.bytes(json)
    }

    /// Pairs bytes with their already parsed value (they must agree).
    public init(raw: [UInt8], json: JSONValue) {
        self.raw = raw
        self.json = json
    }

    public var callID: String? { Order.text(json["callID"]) }
    public var callStatus: Int? { Order.integer(json["callStatus"]) }
    /// Epoch seconds; nil for an attempt not dialled yet (or a reply without it).
    public var callStartTs: Int? { Order.integer(json["callStartTs"]) }
    public var callDuration: Int? { Order.integer(json["callDuration"]) }

    /// `attempts` oldest first: by callStartTs, ties and attempts without a start time in
    /// the order given, attempts without a start time last (SPEC §11: attempt 1 is the first).
    public static func oldestFirst(_ attempts: [CallAttempt]) -> [CallAttempt] {
        let keyed = attempts.enumerated().map { (offset: $0.offset, start: $0.element.callStartTs, attempt: $0.element) }
        let sorted = keyed.sorted { a, b in
            switch (a.start, b.start) {
            case let (x?, y?): return x != y ? x < y : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }
        return sorted.map(\.attempt)
    }
}
