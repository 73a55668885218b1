// `count`/`stats` compiled against a selection's slots: when every key and every
// aggregate's argument is a single-valued field on a plain key path (and every
// condition compiles as a SlotFilter), a saved line is aggregated straight from
// the values a slot parse extracted, with no tree built for it.
import CallqJSON
import CallqSemantics

/// Group keys and aggregates read from slot values (see `SlotValues`).
struct SlotAggregation: Sendable {
    /// The field of each key, and the slot it reads.
    let keys: [(node: Int, field: Field)]
    /// Per aggregate: the field of its argument and its slot (nil: no argument), and its condition.
    let arguments: [(node: Int, field: Field)?]
    let conditions: [SlotFilter?]
    /// An empty aggregator for the keys and aggregates (each chunk starts from a copy).
    let empty: Aggregator

    init?(keys: [CheckedTerm], aggregates: [CheckedAggregate], selection: JSONSelection) {
        func slot(_ term: CheckedTerm) -> (node: Int, field: Field)? {
            guard case .field(let f) = term, !f.serverOnly, !f.path.isMulti,
                  f.path.keyPrefix.count == f.path.steps.count,
                  let node = selection.node(for: f.path.keyPrefix), selection.keepsWhole(node) else { return nil }
            return (node, f)
        }
        var keySlots: [(node: Int, field: Field)] = []
        for k in keys {
            guard let s = slot(k) else { return nil }
            keySlots.append(s)
        }
        var arguments: [(node: Int, field: Field)?] = []
        var conditions: [SlotFilter?] = []
        for a in aggregates {
            if let argument = a.argument {
                guard let s = slot(argument) else { return nil }
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
        empty = Aggregator(keys: keys, aggregates: aggregates)
    }

    /// The nodes the keys, arguments and conditions read.
    var nodesRead: Set<Int> {
        var nodes = Set(keys.map(\.node) + arguments.compactMap { $0?.node })
        for c in conditions { if let c { nodes.formUnion(c.nodes) } }
        return nodes
    }

    /// Adds the line whose slots are `slots` to `partial` (what `partial.add` gives on its tree).
    func add(_ slots: SlotValues, to partial: inout Aggregator) {
        partial.add(key: { i in
            let k = keys[i]
            return k.field.typed(slots[k.node] ?? .null) ?? .null
        }, argument: { i in
            guard let a = arguments[i] else { return .null }
            return a.field.typed(slots[a.node] ?? .null) ?? .null
        }, holds: { i in
            conditions[i]?.evaluate(slots) ?? true
        })
    }
}
