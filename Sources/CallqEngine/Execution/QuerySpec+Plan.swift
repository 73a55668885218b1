// Turns the planner's Plan (and the checked query it carries) into the
// executor's QuerySpec: sources and requests, the residual as a predicate,
// columns with their output kinds, extractors, sort keys and count shortcuts.
import CallbotAPI
import CallqJSON
import CallqOutput
import CallqPlanner
import CallqSemantics

extension QuerySpec {
    /// The columns shown for whole orders in flat formats (json/ndjson pass the order through).
    public static let defaultOrderFields = [
        "orderID", "userPhone", "userName", "callStatus", "callDuration", "callStartTs", "intentName", "finish",
    ]

    /// Builds the runnable form of `plan`.
    public init(plan: Plan) {
        let q = plan.query
        let source: ScanSource
        switch plan.source {
        case .api:
            source = .api(plan.tasks.map { t in
                TaskScanSpec(userTaskID: t.userTaskID, requests: t.requests,
                             groupRequests: t.groupRequests.map { ($0.value, $0.options) })
            })
        case .file(let path): source = .file(path)
        case .stdin: source = .stdin
        }
        var residual: (@Sendable (JSONValue) -> Bool)? = nil
        if let r = plan.residual {
            residual = { (order: JSONValue) -> Bool in r.evaluate(order) }
        }

        let shape: QueryShape
        var noun = "orders"
        var outputNames: [String] = []
        switch q.output {
        case .rows(let fields):
            let projected = fields ?? QuerySpec.defaultOrderFields.compactMap { name in
                Catalog.orders.field(named: name).map { ProjectedField(name: name, field: $0) }
            }
            outputNames = projected.map(\.name)
            shape = .rows(columns: projected.map { Column(name: $0.name, kind: ColumnKind($0.kind)) },
                          extract: projected.map { p in { (order: JSONValue) -> JSONValue in p.field.typedValue(in: order) } },
                          passRaw: fields == nil)
        case .count(let by):
            noun = by.isEmpty ? "rows" : "groups"
            let shortcut: CountShortcut
            switch plan.count {
            case .scan: shortcut = .scan
            case .pushedTotal: shortcut = by.isEmpty ? .total : .scan
            case .pushedGroups: shortcut = by.count == 1 ? .groups : .scan
            }
            outputNames = by.map(\.name) + ["count"]
            shape = .aggregate(byColumns: by.map { Column(name: $0.name, kind: ColumnKind($0.kind)) },
                               groupBy: QuerySpec.groupExtractors(by),
                               aggregates: [AggregateSpec(function: .count, name: "count", values: nil)],
                               aggregateKinds: [.integer], shortcut: shortcut)
        case .stats(let aggs, let by):
            noun = by.isEmpty ? "rows" : "groups"
            outputNames = by.map(\.name) + aggs.map(\.name)
            let specs: [AggregateSpec] = aggs.map { a in
                var extract: (@Sendable (JSONValue) -> [JSONValue])? = nil
                if let f = a.field { extract = { (order: JSONValue) -> [JSONValue] in QuerySpec.values(f.typedValue(in: order)) } }
                return AggregateSpec(function: AggregateFunction(rawValue: a.function.rawValue) ?? .count,
                                     name: a.name, values: extract)
            }
            let kinds: [ColumnKind] = aggs.map { a in QuerySpec.aggregateKind(a) }
            shape = .aggregate(byColumns: by.map { Column(name: $0.name, kind: ColumnKind($0.kind)) },
                               groupBy: QuerySpec.groupExtractors(by), aggregates: specs, aggregateKinds: kinds,
                               shortcut: .scan)
        }

        var sort: [RowSortKey] = []
        for key in q.orderBy {
            if case .aggregate = shape {
                // Aggregate rows are sorted by their output columns.
                let index = outputNames.firstIndex { $0.lowercased() == key.field.name.lowercased() }
                    ?? outputNames.firstIndex { n in key.field.aliases.contains { $0.lowercased() == n.lowercased() } }
                let i = index ?? 0
                sort.append(RowSortKey(descending: key.descending) { $0.arrayValue?[i] ?? .null })
            } else {
                let f = key.field
                sort.append(RowSortKey(descending: key.descending) { order in
                    let v = f.typedValue(in: order)
                    if case .array(let items) = v { return items.first ?? .null }
                    return v
                })
            }
        }
        self.init(source: source, residual: residual, shape: shape, sort: sort, limit: plan.limit,
                  pages: plan.paging.pages, pageSize: plan.paging.size, noun: noun)
    }

    static func groupExtractors(_ by: [ProjectedField]) -> [@Sendable (JSONValue) -> [JSONValue]] {
        by.map { p in { (order: JSONValue) -> [JSONValue] in QuerySpec.values(p.field.typedValue(in: order)) } }
    }

    static func aggregateKind(_ a: CheckedAggregate) -> ColumnKind {
        switch a.function {
        case .count, .countDistinct: return .integer
        case .sum, .avg:
            // An average duration is a duration, an average time a time; a sum of times is just a number.
            guard let f = a.field else { return .number }
            let kind = ColumnKind(f.kind).element
            return kind == .seconds || (kind == .time && a.function == .avg) ? kind : .number
        case .min, .max:
            guard let f = a.field else { return .text }
            return ColumnKind(f.kind).element
        }
    }

    /// The values of an extracted field: an array's elements, none for null, else the value.
    static func values(_ v: JSONValue) -> [JSONValue] {
        switch v {
        case .null: return []
        case .array(let items): return items.filter { !$0.isNull }
        default: return [v]
        }
    }
}

extension ColumnKind {
    /// The output kind for a catalog value kind.
    public init(_ kind: ValueKind) {
        switch kind {
        case .text: self = .text
        case .integer: self = .integer
        case .bool: self = .bool
        case .seconds: self = .seconds
        case .time: self = .time
        case .enumeration(let e): self = .enumeration(Dictionary(e.cases.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }))
        case .list(let k): self = .list(ColumnKind(k))
        }
    }

    /// The kind of one element (for lists), else the kind itself.
    var element: ColumnKind {
        if case .list(let k) = self { return k }
        return self
    }
}
