// The residual filter compiled against a selection's slots: every test of a
// single-valued field on a plain key path reads the slot its path ends at (a test
// of a computed value reads the slots of its fields through `SlotTerm`), so a
// saved line is tested on the values a slot parse extracted, before (and, when
// it fails, instead of) building its tree. A filter that reads a list field does
// not compile and lines take the tree path.
import CallqJSON
import CallqSemantics

extension TermFunction {
    var isCoalesce: Bool { if case .coalesce = self { true } else { false } }
}

/// A residual filter over slot values (see `SlotValues`).
indirect enum SlotFilter: Sendable {
    case and([SlotFilter])
    case or([SlotFilter])
    case not(SlotFilter)
    /// The test of the field whose value is in slot `node`.
    case test(node: Int, FieldTest)
    /// The same, for an integer field compared with integers: an integer value is tested
    /// here directly (no refcounted payload to copy), any other value by the FieldTest.
    case integer(node: Int, IntegerTest, FieldTest)
    /// A test of a computed value whose fields are all in slots.
    case term(TermTest, SlotTerm)
    case constant(Bool)

    /// `expr` over `selection`'s slots; nil when some test cannot read a slot.
    init?(_ expr: CheckedExpr, selection: JSONSelection) {
        switch expr {
        case .and(let xs):
            guard let parts = SlotFilter.each(xs, selection: selection) else { return nil }
            self = .and(parts)
        case .or(let xs):
            guard let parts = SlotFilter.each(xs, selection: selection) else { return nil }
            self = .or(parts)
        case .not(let x):
            guard let p = SlotFilter(x, selection: selection) else { return nil }
            self = .not(p)
        case .test(let t):
            guard let node = SlotTerm.node(of: t.field, in: selection) else { return nil }
            if let fast = IntegerTest(t) { self = .integer(node: node, fast, t) } else { self = .test(node: node, t) }
        case .termTest(let t):
            guard let term = SlotTerm(t.term, selection: selection) else { return nil }
            self = .term(t, term)
        case .constant(let b):
            self = .constant(b)
        }
    }

    /// Each of `xs` compiled; nil when one does not compile.
    private static func each(_ xs: [CheckedExpr], selection: JSONSelection) -> [SlotFilter]? {
        var parts: [SlotFilter] = []
        for x in xs {
            guard let p = SlotFilter(x, selection: selection) else { return nil }
            parts.append(p)
        }
        return parts
    }

    /// The slots the filter reads.
    var nodes: Set<Int> {
        switch self {
        case .and(let xs), .or(let xs): return xs.reduce(into: Set<Int>()) { $0.formUnion($1.nodes) }
        case .not(let x): return x.nodes
        case .test(let node, _), .integer(let node, _, _): return [node]
        case .term(_, let term): return Set(term.nodes)
        case .constant: return []
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
        case .integer(let node, let fast, _):
            if let i = slots.integer(node) { return fast.passes(i) }
            // The FieldTest is taken out only here, so the common case copies no reference.
            guard case .integer(_, _, let t) = self else { return false }
            return t.evaluate(value: slots[node])
        case .term(let t, let term): return t.evaluate(value: term.value(in: slots))
        case .constant(let b): return b
        }
    }
}

/// A FieldTest on an integer-valued field (integer, seconds, time, status) against integer
/// constants, as plain data: what the test gives on the field's value when that is a JSON
/// integer (which the field reads as itself).
struct IntegerTest: Sendable {
    enum Kind: Sendable { case eq, lt, le, gt, ge, between, among }
    let kind: Kind
    let a: Int
    let b: Int
    /// For `among`: the values, all in 0 ..< 64, as bits.
    let bits: UInt64

    init?(_ t: FieldTest) {
        switch t.field.type {
        case .integer, .seconds, .time, .enumeration: break
        default: return nil
        }
        var a = 0, b = 0, bits: UInt64 = 0
        switch t.op {
        case .eq(.int(let x)): kind = .eq; a = x
        case .lt(.int(let x)): kind = .lt; a = x
        case .le(.int(let x)): kind = .le; a = x
        case .gt(.int(let x)): kind = .gt; a = x
        case .ge(.int(let x)): kind = .ge; a = x
        case .between(.int(let x), .int(let y)): kind = .between; a = x; b = y
        case .oneOf(let values):
            for v in values {
                guard case .int(let x) = v, x >= 0, x < 64 else { return nil }
                bits |= 1 << UInt64(x)
            }
            kind = .among
        default: return nil
        }
        self.a = a
        self.b = b
        self.bits = bits
    }

    @inline(__always) func passes(_ i: Int) -> Bool {
        switch kind {
        case .eq: i == a
        case .lt: i < a
        case .le: i <= a
        case .gt: i > a
        case .ge: i >= a
        case .between: a <= i && i <= b
        case .among: i >= 0 && i < 64 && bits & (1 << UInt64(i)) != 0
        }
    }
}

/// A term whose fields are each a single-valued field on a plain key path that ends at a
/// node of the selection, read from slots. A class, so reading it per line copies one
/// reference, not the term.
final class SlotTerm: Sendable {
    let term: CheckedTerm
    let fields: [Field]
    let nodes: [Int]
    /// For a term that is one field, or a function of one field (`day(started)`): the field and
    /// its slot, and the function.
    let plainField: Field?
    let plainNode: Int
    let function: TermFunction?

    init?(_ term: CheckedTerm, selection: JSONSelection) {
        var fields: [Field] = [], nodes: [Int] = []
        guard !term.readsGroupRow else { return nil }
        for f in term.fields where !fields.contains(where: { $0 === f }) {
            guard let n = SlotTerm.node(of: f, in: selection) else { return nil }
            fields.append(f)
            nodes.append(n)
        }
        self.term = term
        self.fields = fields
        self.nodes = nodes
        switch term {
        case .field(let f):
            plainField = f
            plainNode = nodes[0]
            function = nil
        case .function(let fn, let args, _) where args.count == 1:
            if case .field(let f) = args[0], !fn.isCoalesce {
                plainField = f
                plainNode = nodes[0]
                function = fn
            } else {
                plainField = nil
                plainNode = -1
                function = nil
            }
        default:
            plainField = nil
            plainNode = -1
            function = nil
        }
    }

    /// The slot of a single-valued field on a plain key path, if the selection ends a path there.
    static func node(of f: Field, in selection: JSONSelection) -> Int? {
        let path = f.path
        guard !f.serverOnly, !path.isMulti, path.keyPrefix.count == path.steps.count,
            let node = selection.node(for: path.keyPrefix), selection.keepsWhole(node)
        else { return nil }
        return node
    }

    /// A field's value as `Field.typedValue(in:)` gives it on the line's tree.
    @inline(__always) static func typed(_ f: Field, _ v: JSONValue?) -> JSONValue {
        f.typed(v ?? .null) ?? .null
    }

    /// The term's value on the line whose slots are `slots`.
    func value(in slots: SlotValues) -> JSONValue {
        if let plainField {
            let v = Self.typed(plainField, slots[plainNode])
            guard let function else { return v }
            // CheckedTerm.map on a single value: null stays null.
            return v.isNull ? .null : function.apply(v)
        }
        return term.value(in: .null) { f in
            for k in fields.indices where fields[k] === f { return Self.typed(f, slots[nodes[k]]) }
            return .null
        }
    }
}

/// A slot filter as a loop over saved lines or a page's orders tests it: when it is one integer
/// test or an `and` of them (the usual filter: `status in (…) and duration > 3`), from plain
/// arrays, without copying the enum's boxes each time; any other filter, or a value that is not
/// an integer, through the enum.
struct LineFilter: Sendable {
    let filter: SlotFilter
    private let nodes: [Int]
    private let tests: [IntegerTest]
    private let plain: Bool

    init(_ filter: SlotFilter) {
        self.filter = filter
        var nodes: [Int] = [], tests: [IntegerTest] = [], plain = true
        switch filter {
        case .integer(let node, let test, _):
            nodes = [node]
            tests = [test]
        case .and(let parts):
            for part in parts {
                guard case .integer(let node, let test, _) = part else {
                    plain = false
                    break
                }
                nodes.append(node)
                tests.append(test)
            }
        case .constant(true): break
        default: plain = false
        }
        self.nodes = nodes
        self.tests = tests
        self.plain = plain
    }

    /// What `filter.evaluate(slots)` gives. An `and` of integer tests is false as soon as one
    /// test fails on an integer: the others cannot make it true.
    @inline(__always) func evaluate(_ slots: SlotValues) -> Bool {
        guard plain else { return filter.evaluate(slots) }
        for k in 0..<nodes.count {
            guard let i = slots.integer(nodes[k]) else { return filter.evaluate(slots) }
            if !tests[k].passes(i) { return false }
        }
        return true
    }
}
