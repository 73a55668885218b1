// `count`/`stats` compiled against a selection's slots: when every key and every
// aggregate's argument is a single-valued field on a plain key path (and every
// condition compiles as a SlotFilter), a saved line is aggregated straight from
// the values a slot parse extracted, with no tree built for it.
import CallqJSON
import CallqSemantics

/// Group keys and aggregates read from slot values (see `SlotValues`).
struct SlotAggregation: Sendable {
    /// Each key, and the slots of the fields it reads.
    let keys: [(term: CheckedTerm, fields: SlotFields)]
    /// Per aggregate: its argument and the slots it reads (nil: no argument), and its condition.
    let arguments: [(term: CheckedTerm, fields: SlotFields)?]
    let conditions: [SlotFilter?]
    /// An empty aggregator for the keys and aggregates (each chunk starts from a copy).
    let empty: Aggregator

    init?(keys: [CheckedTerm], aggregates: [CheckedAggregate], selection: JSONSelection) {
        var keySlots: [(term: CheckedTerm, fields: SlotFields)] = []
        for k in keys {
            guard let s = SlotFields(k, selection: selection) else { return nil }
            keySlots.append((k, s))
        }
        var arguments: [(term: CheckedTerm, fields: SlotFields)?] = []
        var conditions: [SlotFilter?] = []
        for a in aggregates {
            if let argument = a.argument {
                guard let s = SlotFields(argument, selection: selection) else { return nil }
                arguments.append((argument, s))
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
        empty = Aggregator(keys: keys, aggregates: aggregates)
    }

    /// The nodes the keys, arguments and conditions read.
    var nodesRead: Set<Int> {
        var nodes = Set(keys.flatMap(\.fields.nodes) + arguments.flatMap { $0?.fields.nodes ?? [] })
        for c in conditions { if let c { nodes.formUnion(c.nodes) } }
        return nodes
    }

    /// Adds the line whose slots are `slots` to `partial` (what `partial.add` gives on its tree);
    /// false, adding nothing, when a key has several values there (the line needs its tree).
    func add(_ slots: SlotValues, to partial: inout Aggregator) -> Bool {
        partial.add(key: { i in
            keys[i].fields.value(of: keys[i].term, in: slots)
        }, argument: { i in
            guard let a = arguments[i] else { return .null }
            return a.fields.value(of: a.term, in: slots)
        }, holds: { i in
            conditions[i]?.evaluate(slots) ?? true
        })
    }
}
