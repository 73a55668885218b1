// One entry of listOrderDetail's `orderDetailList`: an order's own fields and
// every call attempt of it. The entry's exact bytes are kept, and an attempt can
// be turned into a listOrder-shaped order (the entry's fields, byte for byte,
// plus `callInfoDetail` = that attempt) so per-attempt rows read like orders.

import CallqJSON

/// An order with all its call attempts, as listOrderDetail sent it.
public struct OrderDetail: Sendable {
    /// The entry's JSON exactly as received (or as written, for built entries).
    public let raw: [UInt8]
    /// The parsed entry object.
    public let json: JSONValue
    /// `callInfoDetailList` in the order sent; elements that are not objects are dropped,
    /// and a missing, null or mistyped list is no attempts.
    public let attempts: [CallAttempt]

    /// The key of the attempt list in an entry.
    public static let attemptListKey = "callInfoDetailList"
    private static let attemptListKeyBytes = Array(attemptListKey.utf8)
    private static let callInfoKeyBytes = Array("callInfoDetail".utf8)

    /// Parses an entry from its bytes, keeping each attempt's bytes.
    public init(raw: [UInt8]) throws(JSONParseError) {
        let (json, ranges) = try JSONParser.parse(raw, capturingElementsOf: Self.attemptListKey)
        self.init(raw: raw, json: json, attemptRanges: ranges)
    }

    /// Wraps a parsed entry; `raw` and the attempts' bytes are its compact serialization.
    public init(json: JSONValue) {
        self.json = json
        raw = JSONWriter.bytes(json)
        attempts = Self.attemptValues(json).map { CallAttempt(json: $0) }
    }

    /// Pairs an entry's bytes with their already parsed value (they must agree); the
    /// attempts' bytes are located in `raw` without parsing it again.
    public init(raw: [UInt8], json: JSONValue) {
        let ranges = JSONMemberScanner.elementRanges(ofArrayMember: Self.attemptListKeyBytes, in: raw) ?? []
        self.init(raw: raw, json: json, attemptRanges: ranges)
    }

    /// An entry whose bytes are `raw`, parsed as `json`, with the byte ranges (in `raw`)
    /// of the elements of its attempt list.
    init(raw: [UInt8], json: JSONValue, attemptRanges: [Range<Int>]) {
        self.raw = raw
        self.json = json
        let items = json[Self.attemptListKey]?.arrayValue ?? []
        // The captured bytes, unless a repeated key made them ambiguous: then re-written.
        let exact = items.count == attemptRanges.count
        var attempts: [CallAttempt] = []
        attempts.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            guard case .object = item else { continue }
            attempts.append(exact ? CallAttempt(raw: Array(raw[attemptRanges[k]]), json: item) : CallAttempt(json: item))
        }
        self.attempts = attempts
    }

    private static func attemptValues(_ json: JSONValue) -> [JSONValue] {
        (json[attemptListKey]?.arrayValue ?? []).filter { $0.objectValue != nil }
    }

    public var orderID: String? { Order.text(json["orderID"]) }
    public var userTaskID: String? { Order.text(json["userTaskID"]) }
    public var finish: Bool? { json["finish"]?.boolValue }

    /// The attempts oldest first (see `CallAttempt.oldestFirst`).
    public var attemptsOldestFirst: [CallAttempt] { CallAttempt.oldestFirst(attempts) }

    /// The entry without its attempt list: the order's own fields (orderID, userPhone,
    /// userName, sceneID, userTaskID, taskID, finish, other, and any others sent), each
    /// member's bytes as received.
    public var orderFields: Order {
        spliced(callInfoDetail: nil)
    }

    /// `attempt` as listOrder would show it were it the order's last call: the entry's own
    /// fields (bytes as received) followed by `"callInfoDetail":` and the attempt's bytes.
    public func order(for attempt: CallAttempt) -> Order {
        spliced(callInfoDetail: attempt)
    }

    /// A `calls` row (SPEC §11): `order(for:)` with `"attempt":number,"attempts":count` between
    /// the entry's own fields and `callInfoDetail`.
    public func order(for attempt: CallAttempt, number: Int, of count: Int) -> Order {
        spliced(callInfoDetail: attempt, extra: [("attempt", number), ("attempts", count)])
    }

    /// The entry's members other than the attempt list (and any `callInfoDetail`), then
    /// `callInfoDetail` when given; exact bytes when the entry's members can be located.
    private func spliced(callInfoDetail attempt: CallAttempt?, extra: [(String, Int)] = []) -> Order {
        let dropped: Set<String> = Set([Self.attemptListKey, "callInfoDetail"] + extra.map(\.0))
        var object = json.objectValue ?? JSONObject()
        object.members.removeAll { dropped.contains($0.key) }
        for (k, v) in extra { object.members.append(.init(k, .int(v))) }
        if let attempt { object.members.append(.init("callInfoDetail", attempt.json)) }
        guard let members = JSONMemberScanner.members(raw) else { return Order(json: .object(object)) }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(raw.count + (attempt?.raw.count ?? 0))
        var first = true
        let extraKeys = extra.map { Array($0.0.utf8) }
        for m in members {
            if m.key.elementsEqual(Self.attemptListKeyBytes) || m.key.elementsEqual(Self.callInfoKeyBytes) { continue }
            if extraKeys.contains(where: { m.key.elementsEqual($0) }) { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: raw[m.range])
        }
        for (k, v) in extra {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONWriter.appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.appendInt(v, to: &out)
        }
        if let attempt {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array("\"callInfoDetail\":".utf8))
            out.append(contentsOf: attempt.raw)
        }
        out.append(UInt8(ascii: "}"))
        return Order(raw: out, json: .object(object))
    }
}
