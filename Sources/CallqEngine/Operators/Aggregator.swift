// `count`, `count by` and `stats … by …` over streamed orders. Grouping by a
// multi-valued field counts an order once under each of its distinct values,
// and under null when it has none (SPEC §4).
import CallqJSON

/// The aggregate functions of `stats`.
public enum AggregateFunction: String, Sendable, CaseIterable {
    case count, sum, avg, min, max
    case countDistinct = "count_distinct"
}

/// One aggregate column: its function, output name and what it reads.
public struct AggregateSpec: Sendable {
    public var function: AggregateFunction
    public var name: String
    /// The values of the aggregated field in an order (empty when null); nil for `count()`.
    public var values: (@Sendable (JSONValue) -> [JSONValue])?

    public init(function: AggregateFunction, name: String, values: (@Sendable (JSONValue) -> [JSONValue])?) {
        self.function = function
        self.name = name
        self.values = values
    }
}

/// Accumulates groups and their aggregates.
public struct Aggregator {
    /// For each `by` field, the distinct values of an order (empty = null).
    private let groupBy: [@Sendable (JSONValue) -> [JSONValue]]
    private let specs: [AggregateSpec]
    private var groups: [[JSONValue]: Int] = [:]
    private var keys: [[JSONValue]] = []
    private var states: [[State]] = []

    private struct State {
        var count = 0
        var sum = 0.0
        var allIntegers = true
        var min: JSONValue?
        var max: JSONValue?
        var distinct: Set<JSONValue> = []
    }

    public init(groupBy: [@Sendable (JSONValue) -> [JSONValue]], specs: [AggregateSpec]) {
        self.groupBy = groupBy
        self.specs = specs
    }

    /// The group keys an order belongs to (the cross product over `by` fields).
    private func groupKeys(of order: JSONValue) -> [[JSONValue]] {
        var result: [[JSONValue]] = [[]]
        for extract in groupBy {
            var values: [JSONValue] = []
            for v in extract(order) where !values.contains(v) { values.append(v) }
            if values.isEmpty { values = [.null] }
            result = result.flatMap { prefix in values.map { prefix + [$0] } }
        }
        return result
    }

    public mutating func add(_ order: JSONValue) {
        for key in groupKeys(of: order) {
            let g = groupIndex(key)
            for (k, spec) in specs.enumerated() {
                guard let extract = spec.values else { states[g][k].count += 1; continue }
                for v in extract(order) where !v.isNull {
                    update(&states[g][k], spec.function, v)
                }
            }
        }
    }

    private func update(_ s: inout State, _ f: AggregateFunction, _ v: JSONValue) {
        s.count += 1
        switch f {
        case .count: break
        case .sum, .avg:
            if let d = v.doubleValue {
                s.sum += d
                if case .double = v { s.allIntegers = false }
            } else { s.count -= 1 }
        case .min: if s.min == nil || ValueOrdering.less(v, s.min!) { s.min = v }
        case .max: if s.max == nil || ValueOrdering.less(s.max!, v) { s.max = v }
        case .countDistinct: s.distinct.insert(v)
        }
    }

    /// Adds `n` to `count()` of the group `key` without rows (pushed-down counts).
    public mutating func addCount(_ n: Int, key: [JSONValue]) {
        let g = groupIndex(key)
        for k in specs.indices { states[g][k].count += n }
    }

    /// The index of group `key`, created empty on first sight (groups keep arrival order).
    private mutating func groupIndex(_ key: [JSONValue]) -> Int {
        if let existing = groups[key] { return existing }
        groups[key] = keys.count
        keys.append(key)
        states.append(Array(repeating: State(), count: specs.count))
        return keys.count - 1
    }

    /// One row per group: the group's key values followed by the aggregates.
    /// With no `by` fields and no rows, one row of zero counts (like SQL).
    public func results() -> [[JSONValue]] {
        if groupBy.isEmpty && keys.isEmpty {
            return [specs.map { value(State(), $0.function) }]
        }
        return keys.indices.map { g in
            keys[g] + specs.indices.map { value(states[g][$0], specs[$0].function) }
        }
    }

    private func value(_ s: State, _ f: AggregateFunction) -> JSONValue {
        switch f {
        case .count: return .int(s.count)
        case .sum:
            guard s.count > 0 else { return .null }
            return s.allIntegers && abs(s.sum) < 9e15 ? .int(Int(s.sum)) : .double(s.sum)
        case .avg: return s.count > 0 ? .double(s.sum / Double(s.count)) : .null
        case .min: return s.min ?? .null
        case .max: return s.max ?? .null
        case .countDistinct: return .int(s.distinct.count)
        }
    }

    public var groupCount: Int { keys.count }
}
