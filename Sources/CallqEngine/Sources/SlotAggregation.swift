// `count`/`stats` compiled against a selection's slots: when every key and every
// aggregate's argument reads only single-valued fields on plain key paths (a
// `SlotTerm`) and every condition compiles as a SlotFilter, a saved line is
// aggregated straight from the values a slot parse extracted, with no tree built.
import CallqJSON
import CallqSemantics

/// Group keys and aggregates read from slot values (see `SlotValues`). A class, so the
/// per-line closures that use it share one reference instead of copying its arrays.
final class SlotAggregation: Sendable {
    /// Each key, read from slots.
    let keys: [SlotTerm]
    /// Per aggregate: its argument (nil: none) and its condition.
    let arguments: [SlotTerm?]
    let conditions: [SlotFilter?]
    /// Per aggregate: the first aggregate with the same argument (`avg(duration), max(duration)`
    /// read `duration` once a line).
    let sameArgument: [Int]
    /// An empty aggregator for the keys and aggregates (each chunk starts from a copy).
    let empty: Aggregator
    /// The integer path (`addIntegers`), when the keys and aggregates allow it.
    let integers: IntegerAggregation?

    init?(keys: [CheckedTerm], aggregates: [CheckedAggregate], selection: JSONSelection) {
        var keySlots: [SlotTerm] = []
        for k in keys {
            guard let s = SlotTerm(k, selection: selection) else { return nil }
            keySlots.append(s)
        }
        var arguments: [SlotTerm?] = []
        var conditions: [SlotFilter?] = []
        for a in aggregates {
            if let argument = a.argument {
                guard let s = SlotTerm(argument, selection: selection) else { return nil }
                arguments.append(s)
            } else {
                arguments.append(nil)
            }
            if let condition = a.condition {
                guard let c = SlotFilter(condition, selection: selection) else { return nil }
                conditions.append(c)
            } else {
                conditions.append(nil)
            }
        }
        self.keys = keySlots
        self.arguments = arguments
        self.conditions = conditions
        sameArgument = aggregates.indices.map { k in
            aggregates.firstIndex { $0.argument != nil && $0.argument == aggregates[k].argument } ?? k
        }
        empty = Aggregator(keys: keys, aggregates: aggregates)
        integers = IntegerAggregation(
            keys: keySlots, arguments: arguments, conditions: conditions, aggregates: aggregates)
    }

    /// The nodes the keys, arguments and conditions read.
    var nodesRead: Set<Int> {
        var nodes = Set(keys.flatMap(\.nodes) + arguments.flatMap { $0?.nodes ?? [] })
        for c in conditions { if let c { nodes.formUnion(c.nodes) } }
        return nodes
    }

    /// Adds the line whose slots are `slots` to `partial` (what `partial.add` gives on its tree);
    /// false, adding nothing, when a key has several values there (the line needs its tree).
    func add(_ slots: SlotValues, to partial: inout Aggregator) -> Bool {
        if let integers, integers.add(slots, to: &partial) { return true }
        // The aggregator asks for the arguments in order: the last one read is reused by an equal one.
        var last = -1
        var lastValue = JSONValue.null
        return partial.add(
            key: { i in
                keys[i].value(in: slots)
            },
            argument: { i in
                let same = sameArgument[i]
                if same == last { return lastValue }
                lastValue = arguments[i]?.value(in: slots) ?? .null
                last = same
                return lastValue
            },
            holds: { i in
                conditions[i]?.evaluate(slots) ?? true
            })
    }
}
