// The residual filter compiled against a selection's slots: every test of a
// single-valued field on a plain key path reads the slot its path ends at, so a
// saved line is tested on the values a slot parse extracted, before (and, when
// it fails, instead of) building its tree. A filter with any other kind of test
// (a computed value, a list field) does not compile and lines take the tree path.
import CallqJSON
import CallqSemantics

/// A residual filter over slot values (see `SlotValues`).
indirect enum SlotFilter: Sendable {
    case and([SlotFilter])
    case or([SlotFilter])
    case not(SlotFilter)
    /// The test of the field whose value is in slot `node`.
    case test(node: Int, FieldTest)
    case constant(Bool)

    /// `expr` over `selection`'s slots; nil when some test cannot read a slot.
    init?(_ expr: CheckedExpr, selection: JSONSelection) {
        switch expr {
        case .and(let xs):
            var parts: [SlotFilter] = []
            for x in xs {
                guard let p = SlotFilter(x, selection: selection) else { return nil }
                parts.append(p)
            }
            self = .and(parts)
        case .or(let xs):
            var parts: [SlotFilter] = []
            for x in xs {
                guard let p = SlotFilter(x, selection: selection) else { return nil }
                parts.append(p)
            }
            self = .or(parts)
        case .not(let x):
            guard let p = SlotFilter(x, selection: selection) else { return nil }
            self = .not(p)
        case .test(let t):
            let path = t.field.path
            guard !t.field.serverOnly, !path.isMulti, path.keyPrefix.count == path.steps.count,
                  let node = selection.node(for: path.keyPrefix), selection.keepsWhole(node) else { return nil }
            self = .test(node: node, t)
        case .termTest:
            return nil
        case .constant(let b):
            self = .constant(b)
        }
    }

    /// True when the line whose slots are `slots` passes (what the expression gives on its tree).
    func evaluate(_ slots: SlotValues) -> Bool {
        switch self {
        case .and(let xs):
            for x in xs where !x.evaluate(slots) { return false }
            return true
        case .or(let xs):
            for x in xs where x.evaluate(slots) { return true }
            return false
        case .not(let x): return !x.evaluate(slots)
        case .test(let node, let t): return t.evaluate(value: slots[node])
        case .constant(let b): return b
        }
    }
}
