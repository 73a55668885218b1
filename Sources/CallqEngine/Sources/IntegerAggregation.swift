// The common `stats` of saved orders without a value built per line: when the key
// (none, or one) is an integer field or an hour, weekday, day, week or month of
// one, and each aggregate counts, or sums, averages or bounds an integer field, a
// line whose slots hold plain JSON integers there is added as integers. Any other
// line (a null or text key, a decimal argument) takes SlotAggregation's general path.
// `day()` in UTC, whose offset never changes, is a division: no calendar per line.
import CallqJSON
import CallqSemantics

/// The integer path of a `SlotAggregation` (a class: the per-line call copies no arrays).
final class IntegerAggregation: Sendable {
    /// The key's slot and the time function applied to it (nil: the field itself); nil with no keys.
    let keyNode: Int?
    let keyFunction: TermFunction?
    /// The key is `day()` of a time in a zone always at UTC+0: the day's start is the time
    /// floored to a multiple of 86,400 s.
    let keyIsUTCDay: Bool
    /// Per aggregate: the slot of its argument, or -1 when it has none.
    let argumentNodes: [Int]
    /// The slots of the arguments (each once).
    let readNodes: [Int]
    /// Per aggregate: its condition, when it has one.
    let conditions: [SlotFilter?]

    /// Nil when the keys or aggregates need the general path.
    init?(keys: [SlotTerm], arguments: [SlotTerm?], conditions: [SlotFilter?], aggregates: [CheckedAggregate]) {
        self.conditions = conditions
        guard keys.count <= 1 else { return nil }
        if let key = keys.first {
            guard let (node, function) = Self.integerField(key) else { return nil }
            if let function {
                switch function {
                case .hour, .weekday, .day, .week, .month: break
                default: return nil
                }
            }
            keyNode = node
            keyFunction = function
            if case .day(let zone)? = function {
                keyIsUTCDay = Self.utcZones.contains(zone.calendar.timeZone.identifier)
            } else {
                keyIsUTCDay = false
            }
        } else {
            keyNode = nil
            keyFunction = nil
            keyIsUTCDay = false
        }
        var nodes: [Int] = []
        for (a, argument) in zip(aggregates, arguments) {
            switch a.function {
            case .count, .countif, .share, .sum, .sumif, .avg, .avgif, .min, .max: break
            default: return nil
            }
            guard let argument else {
                nodes.append(-1)
                continue
            }
            guard let (node, function) = Self.integerField(argument), function == nil else { return nil }
            nodes.append(node)
        }
        argumentNodes = nodes
        var read: [Int] = []
        for n in nodes where n >= 0 && !read.contains(n) { read.append(n) }
        readNodes = read
    }

    /// Zones whose offset is 0 at every time.
    static let utcZones: Set<String> = ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu"]

    /// `day(t)` in UTC of a Unix time `t` (as `BucketCalendar.floor` gives it at offset 0); nil
    /// beyond a time's range, where the function gives null.
    @inline(__always) static func utcDay(_ t: Int) -> Int? {
        guard t.magnitude < 100_000_000_000 else { return nil }
        return (t >= 0 ? t / 86400 : (t - 86399) / 86400) * 86400
    }

    /// The slot of a term that is an integer-typed field (one that reads a JSON integer as
    /// itself), or a function of one.
    private static func integerField(_ term: SlotTerm) -> (node: Int, function: TermFunction?)? {
        guard let field = term.plainField else { return nil }
        switch field.type {
        case .integer, .seconds, .time, .enumeration: return (term.plainNode, term.function)
        default: return nil
        }
    }

    /// Adds the line whose slots are `slots` to `partial` when its key and arguments are plain
    /// integers (or absent, or null, for an argument); false, adding nothing, otherwise.
    @inline(__always)
    func add(_ slots: SlotValues, to partial: inout Aggregator) -> Bool {
        var key: Int? = nil
        if let keyNode {
            guard let i = slots.integer(keyNode) else { return false }
            if keyIsUTCDay {
                guard let day = Self.utcDay(i) else { return false }
                key = day
            } else if let keyFunction {
                // Out of a time's range the function gives null: the general path says so.
                guard case .int(let k) = keyFunction.apply(.int(i)) else { return false }
                key = k
            } else {
                key = i
            }
        }
        for node in readNodes where !slots.isIntegerOrNull(node) { return false }
        partial.addIntegers(
            key: key,
            argument: { k in
                slots.integer(argumentNodes[k])
            },
            holds: { k in conditions[k]?.evaluate(slots) ?? true })
        return true
    }
}
