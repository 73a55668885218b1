// The group keys a record belongs to. A single-valued key has one value (null when
// absent); a multi-valued key each of its distinct values (null when it has none);
// several keys on fields of the same array (`by intent, intentTag`) pair element by
// element, so a record counts under the (name, tag) pairs of its own intents only.
// Keys of different arrays combine every pair of their values.
import CallqJSON
import CallqSemantics

/// Computes the key tuples of a record for `by` keys.
struct GroupKeys: Sendable {
    /// Keys read together: one term, or several fields of one array (`array` says which).
    private struct Part: Sendable {
        var positions: [Int]
        var terms: [CheckedTerm]
        var fields: [Field] = []
        var array: ElementwiseFields?
    }
    private let parts: [Part]
    private let width: Int
    /// The keys, in order.
    let terms: [CheckedTerm]

    init(_ keys: [CheckedTerm]) {
        width = keys.count
        terms = keys
        var parts: [Part] = []
        var byArray: [[FieldPath.Step]: Int] = [:]
        for (i, term) in keys.enumerated() {
            if case .field(let f) = term, let prefix = f.path.arrayPrefix {
                if let p = byArray[prefix] {
                    parts[p].positions.append(i)
                    parts[p].terms.append(term)
                    parts[p].fields.append(f)
                    continue
                }
                byArray[prefix] = parts.count
                parts.append(Part(positions: [i], terms: [term], fields: [f]))
            } else {
                parts.append(Part(positions: [i], terms: [term]))
            }
        }
        for p in parts.indices where parts[p].fields.count > 1 {
            parts[p].array = ElementwiseFields(parts[p].fields)
        }
        self.parts = parts
    }

    var isEmpty: Bool { width == 0 }

    /// Every distinct key tuple of `record` (in key order).
    func tuples(of record: JSONValue) -> [[JSONValue]] {
        var result: [[JSONValue]] = [Array(repeating: .null, count: width)]
        for part in parts {
            let choices: [[JSONValue]]
            if let array = part.array {
                choices = array.tuples(of: record)
            } else {
                var values: [JSONValue] = []
                for v in AggregateState.values(part.terms[0].value(in: record)) where !values.contains(v) { values.append(v) }
                choices = values.isEmpty ? [[.null]] : values.map { [$0] }
            }
            if choices.count == 1 {
                for r in result.indices { for (k, pos) in part.positions.enumerated() { result[r][pos] = choices[0][k] } }
                continue
            }
            result = result.flatMap { prefix in
                choices.map { choice in
                    var t = prefix
                    for (k, pos) in part.positions.enumerated() { t[pos] = choice[k] }
                    return t
                }
            }
        }
        return result
    }
}

/// Several fields of one array of a record, read element by element.
struct ElementwiseFields: Sendable {
    let fields: [Field]
    /// The steps down to the array's elements, and from an element to each field.
    let prefix: FieldPath
    let rests: [FieldPath]

    init(_ fields: [Field]) {
        self.fields = fields
        let steps = fields[0].path.arrayPrefix!
        prefix = FieldPath(steps)
        rests = fields.map { FieldPath(Array($0.path.steps.dropFirst(steps.count))) }
    }

    /// One tuple per element: each field's typed value there (null when absent). Distinct tuples,
    /// in element order; all-null tuples only when nothing else is left (no element, or none usable).
    func tuples(of record: JSONValue) -> [[JSONValue]] {
        var out: [[JSONValue]] = []
        _ = prefix.visit(record) { element in
            let t = zip(fields, rests).map { f, rest -> JSONValue in
                var found = JSONValue.null
                _ = rest.visit(element) { v in
                    found = v; return true
                }
                return f.typed(found) ?? .null
            }
            if t.contains(where: { !$0.isNull }), !out.contains(t) { out.append(t) }
            return false
        }
        return out.isEmpty ? [Array(repeating: .null, count: fields.count)] : out
    }
}

extension FieldPath {
    /// The steps down to and including the first array step (`callInfoDetail.intents[]`), or nil for a
    /// single-valued path. Fields with equal prefixes are fields of the same array's elements.
    var arrayPrefix: [Step]? {
        guard let i = steps.firstIndex(where: { if case .key = $0 { false } else { true } }) else { return nil }
        return Array(steps[...i])
    }
}

/// Group numbers by integer key: open addressing with linear probing, a multiplicative hash,
/// and room for twice the keys, so finding a status's or a day's group costs a multiply and a
/// compare or two (a `[JSONValue: Int]` hashes the whole enum with SipHash).
struct IntGroupIndex: Sendable {
    private var keys: [Int] = Array(repeating: 0, count: 16)
    /// The group of each slot; -1 when the slot is empty.
    private var groups: [Int32] = Array(repeating: -1, count: 16)
    private var count = 0
    private var shift: UInt64 = 60

    @inline(__always) private func slot(_ key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The group of `key`, when it has one.
    @inline(__always) subscript(key: Int) -> Int? {
        let mask = keys.count - 1
        var s = slot(key)
        while true {
            let g = groups[s]
            if g < 0 { return nil }
            if keys[s] == key { return Int(g) }
            s = (s + 1) & mask
        }
    }

    /// Records that `key` (not yet in the index) has group `group`.
    mutating func insert(_ key: Int, _ group: Int) {
        if 2 * (count + 1) > keys.count { grow() }
        let mask = keys.count - 1
        var s = slot(key)
        while groups[s] >= 0 { s = (s + 1) & mask }
        keys[s] = key
        groups[s] = Int32(truncatingIfNeeded: group)
        count += 1
    }

    private mutating func grow() {
        let old = zip(keys, groups).filter { $0.1 >= 0 }
        keys = Array(repeating: 0, count: keys.count * 2)
        groups = Array(repeating: -1, count: groups.count * 2)
        shift -= 1
        count = 0
        for (k, g) in old { insert(k, Int(g)) }
    }
}
