// `count`, `count by` and `stats … by …` over records, built from the plan's keys
// and aggregates. Grouping by a multi-valued field counts a record once under each
// of its distinct values (null when it has none); several fields of the same
// array pair element by element (SPEC §4). Conditional aggregates count only
// records their condition holds for; percentiles keep their values; `share()`
// divides by every record added. Partial aggregators merge exactly, so chunks of
// a file can be aggregated on several threads.
import CallqJSON
import CallqSemantics

/// Accumulates groups and their aggregates.
public struct Aggregator: Sendable {
    private let keys: GroupKeys
    private let aggregates: [CheckedAggregate]
    private var index: [[JSONValue]: Int] = [:]
    /// The index of one-key groups, by the key's value (no array to build per record).
    private var index1: [JSONValue: Int] = [:]
    /// The same for integer keys (a status, an hour, a day's start): no JSONValue hashed per record.
    private var intIndex = IntGroupIndex()
    private var groupKeys: [[JSONValue]] = []
    /// Group g's aggregate k is `states[g * width + k]` (one flat array: one uniqueness check per update).
    private var states: [AggregateState] = []
    private let width: Int
    /// Records added (what `share()` divides by).
    private var total = 0
    /// Whether any aggregate has a condition (evaluated once per record).
    private let conditional: Bool
    /// Each aggregate's function, and whether it has an argument (read per record without
    /// copying the aggregates).
    private let functions: [AggregateFunction]
    private let hasArgument: [Bool]

    public init(keys: [CheckedTerm], aggregates: [CheckedAggregate]) {
        self.keys = GroupKeys(keys)
        self.aggregates = aggregates
        width = aggregates.count
        conditional = aggregates.contains { $0.condition != nil }
        functions = aggregates.map(\.function)
        hasArgument = aggregates.map { $0.argument != nil }
    }

    /// Adds one record to every group it belongs to.
    public mutating func add(_ record: JSONValue) {
        total += 1
        let holds = conditional ? aggregates.map { $0.condition?.evaluate(record) ?? true } : []
        let aggregates = self.aggregates, terms = keys.terms
        let argument = { (k: Int) in aggregates[k].argument?.value(in: record) ?? .null }
        if let g = singleGroup({ terms[$0].value(in: record) }) {
            addAggregates(to: g, holds: { holds.isEmpty || holds[$0] }, argument: argument)
            return
        }
        for key in keys.tuples(of: record) {
            addAggregates(to: group(key), holds: { holds.isEmpty || holds[$0] }, argument: argument)
        }
    }

    /// Adds one record given by values already read: `key(i)` is key i's value (one value, not a
    /// list), `argument(k)` aggregate k's argument and `holds(k)` its condition. The same as
    /// `add(_:)` on a record with those values; false, adding nothing, when a key is a list.
    mutating func add(key: (Int) -> JSONValue, argument: (Int) -> JSONValue, holds: (Int) -> Bool) -> Bool {
        guard let g = singleGroup(key) else { return false }
        total += 1
        addAggregates(to: g, holds: holds, argument: argument)
        return true
    }

    /// `add(key:argument:holds:)` for a record whose key values are integers already read: `key`
    /// is the one key's value (nil with no keys), `argument(k)` aggregate k's argument when that
    /// is an integer (nil: null or absent, which aggregates skip). No JSONValue is built; the
    /// groups and their order are those `add` gives.
    @inline(__always) mutating func addIntegers(key: Int?, argument: (Int) -> Int?, holds: (Int) -> Bool) {
        let g: Int
        if let key {
            if let existing = intIndex[key] {
                g = existing
            } else {
                g = group([.int(key)])
                intIndex.insert(key, g)
            }
        } else {
            g = groupKeys.isEmpty ? group([]) : 0
        }
        total += 1
        for k in functions.indices {
            if conditional, !holds(k) { continue }
            guard hasArgument[k] else { states[g * width + k].count += 1; continue }
            guard let v = argument(k) else { continue }
            states[g * width + k].addInteger(v, functions[k])
        }
    }

    /// The group of a record whose every key has one value (no key, or keys that are not lists
    /// here): the common case, found without building the key tuples; nil otherwise.
    private mutating func singleGroup(_ keyValue: (Int) -> JSONValue) -> Int? {
        switch keys.terms.count {
        case 0:
            if groupKeys.isEmpty { return group([]) }
            return 0
        case 1:
            let v = keyValue(0)
            if case .int(let i) = v {
                if let existing = intIndex[i] { return existing }
                let g = group([v])
                intIndex.insert(i, g)
                return g
            }
            if case .array = v { return nil }
            if let existing = index1[v] { return existing }
            return group([v])
        default:
            var key: [JSONValue] = []
            key.reserveCapacity(keys.terms.count)
            for i in keys.terms.indices {
                let v = keyValue(i)
                if case .array = v { return nil }
                key.append(v)
            }
            return group(key)
        }
    }

    private mutating func addAggregates(to g: Int, holds: (Int) -> Bool, argument: (Int) -> JSONValue) {
        for k in functions.indices {
            if conditional, !holds(k) { continue }
            let f = functions[k]
            guard hasArgument[k] else { states[g * width + k].count += 1; continue }
            // AggregateState.values, without an array for the usual single value.
            switch argument(k) {
            case .null: continue
            case .array(let items):
                for v in items where !v.isNull { states[g * width + k].add(v, f) }
            case let v: states[g * width + k].add(v, f)
            }
        }
    }

    /// Adds `n` to `count()` of the group `key` without rows (pushed-down counts).
    public mutating func addCount(_ n: Int, key: [JSONValue]) {
        let g = group(key)
        total += n
        for k in aggregates.indices { states[g * width + k].count += n }
    }

    /// Folds in a partial aggregator of later records (same keys and aggregates): the result is
    /// what adding those records here would have given, groups in the same arrival order.
    public mutating func merge(_ other: Aggregator) {
        total += other.total
        for (i, key) in other.groupKeys.enumerated() {
            let g = group(key)
            for k in aggregates.indices { states[g * width + k].merge(other.states[i * width + k]) }
        }
    }

    /// The index of group `key`, created empty on first sight (groups keep arrival order).
    private mutating func group(_ key: [JSONValue]) -> Int {
        if key.count == 1 {
            if let existing = index1[key[0]] { return existing }
            index1[key[0]] = groupKeys.count
        } else {
            if let existing = index[key] { return existing }
            index[key] = groupKeys.count
        }
        groupKeys.append(key)
        states.append(contentsOf: repeatElement(AggregateState(), count: width))
        return groupKeys.count - 1
    }

    /// One row per group: the group's key values followed by the aggregates.
    /// With no keys and no rows, one row of zero counts (like SQL).
    public func results() -> [[JSONValue]] {
        if keys.isEmpty && groupKeys.isEmpty {
            return [aggregates.map { AggregateState().value($0, total: total) }]
        }
        return groupKeys.indices.map { g in
            groupKeys[g] + aggregates.indices.map { states[g * width + $0].value(aggregates[$0], total: total) }
        }
    }

    public var groupCount: Int { groupKeys.count }
}

/// The running state of one aggregate in one group.
struct AggregateState: Sendable {
    var count = 0
    /// Exact while every value is an integer and the sum fits; `doubleSum` takes over otherwise.
    var intSum = 0
    var doubleSum = 0.0
    var exact = true
    var min: JSONValue?
    var max: JSONValue?
    var distinct: Set<JSONValue> = []
    /// The values of a percentile, kept until the end (nearest rank needs them all).
    var kept: [JSONValue] = []

    /// The values of a term to aggregate: an array's elements, none for null, else the value.
    static func values(_ v: JSONValue) -> [JSONValue] {
        switch v {
        case .null: return []
        case .array(let items): return items.filter { !$0.isNull }
        default: return [v]
        }
    }

    mutating func add(_ v: JSONValue, _ f: AggregateFunction) {
        switch f {
        case .count, .countif, .share: count += 1
        case .percentile, .median:
            guard v.doubleValue != nil else { return }
            count += 1
            kept.append(v)
        case .sum, .avg, .sumif, .avgif:
            switch v {
            case .int(let i):
                count += 1
                doubleSum += Double(i)
                if exact {
                    let (s, overflow) = intSum.addingReportingOverflow(i)
                    if overflow { exact = false } else { intSum = s }
                }
            case .double(let d):
                count += 1
                doubleSum += d
                exact = false
            default: break
            }
        case .min:
            count += 1
            if case .int(let x) = v, case .int(let m)? = min {
                if x < m { min = v }
            } else if min == nil || ValueOrdering.less(v, min!) {
                min = v
            }
        case .max:
            count += 1
            if case .int(let x) = v, case .int(let m)? = max {
                if m < x { max = v }
            } else if max == nil || ValueOrdering.less(max!, v) {
                max = v
            }
        case .countDistinct:
            count += 1
            distinct.insert(v)
        }
    }

    /// `add(.int(i), f)`, without building the value for the common functions.
    @inline(__always) mutating func addInteger(_ i: Int, _ f: AggregateFunction) {
        switch f {
        case .count, .countif, .share: count += 1
        case .sum, .avg, .sumif, .avgif:
            count += 1
            doubleSum += Double(i)
            if exact {
                let (s, overflow) = intSum.addingReportingOverflow(i)
                if overflow { exact = false } else { intSum = s }
            }
        case .max:
            if case .int(let m)? = max, i <= m {
                count += 1
                return
            }
            add(.int(i), f)
        case .min:
            if case .int(let m)? = min, m <= i {
                count += 1
                return
            }
            add(.int(i), f)
        default: add(.int(i), f)
        }
    }

    mutating func merge(_ o: AggregateState) {
        count += o.count
        doubleSum += o.doubleSum
        if exact && o.exact {
            let (s, overflow) = intSum.addingReportingOverflow(o.intSum)
            if overflow { exact = false } else { intSum = s }
        } else {
            exact = false
        }
        if let m = o.min, min == nil || ValueOrdering.less(m, min!) { min = m }
        if let m = o.max, max == nil || ValueOrdering.less(max!, m) { max = m }
        distinct.formUnion(o.distinct)
        kept += o.kept
    }

    func value(_ a: CheckedAggregate, total: Int) -> JSONValue {
        switch a.function {
        case .count, .countif: return .int(count)
        case .share:
            guard total > 0 else { return .null }
            return .double(100 * Double(count) / Double(total))
        case .percentile, .median:
            guard !kept.isEmpty else { return .null }
            let sorted = kept.sorted(by: ValueOrdering.less)
            return sorted[AggregateState.nearestRank(a.percent ?? 50, of: sorted.count) - 1]
        case .sum, .sumif:
            guard count > 0 else { return .null }
            return exact ? .int(intSum) : .double(doubleSum)
        case .avg, .avgif:
            guard count > 0 else { return .null }
            return .double(exact ? Double(intSum) / Double(count) : doubleSum / Double(count))
        case .min: return min ?? .null
        case .max: return max ?? .null
        case .countDistinct: return .int(distinct.count)
        }
    }

    /// The nearest rank (1-based) of P % among n values: the smallest r with r ≥ P·n/100, at least 1.
    static func nearestRank(_ p: Double, of n: Int) -> Int {
        let x = p * Double(n)
        var r = Swift.max(1, Int((x / 100).rounded(.up)))
        while r > 1, Double(r - 1) * 100 >= x { r -= 1 }
        while r < n, Double(r) * 100 < x { r += 1 }
        return Swift.min(r, n)
    }
}
