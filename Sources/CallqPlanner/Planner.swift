// The Planner: checked query → Plan (SPEC §4). Top-level conjuncts the server
// answers exactly become listOrder options; the rest is the residual. Also
// picks the tasks, splits long lists, and chooses how `count` is answered.

import CallbotAPI
import CallqJSON
import CallqMirror
import CallqSemantics
import CallqSyntax

/// Plans checked queries.
public enum Planner {
    /// The plan for `q`; throws when an API query has no task.
    public static func plan(_ q: CheckedQuery, settings: PlanSettings = PlanSettings()) throws(Diagnostic) -> Plan {
        let limitedStream = q.limit != nil && q.orderBy.isEmpty && { if case .records = q.shape { true } else { false } }()
        let defaultSize = q.source == .taskList ? min(settings.pageSize, 100) : settings.pageSize
        let paging = PagingPlan(pages: q.pages, size: q.size ?? defaultSize, maxPages: settings.maxPages,
                                budget: limitedStream ? .asSent : .upFront)
        var plan = Plan(text: q.text, source: q.source, scan: scan(of: q.source), residual: q.filter, pushed: [], narrowing: [],
                        count: .scan, shape: q.shape, columns: q.columns, orderBy: q.orderBy, limit: q.limit,
                        paging: paging, format: q.format, into: q.into, recheck: settings.recheck,
                        touchedPaths: q.touchedPaths, noun: q.noun, warnings: [])
        if case .mirror(let sourceTasks, let explicit) = q.source {
            return try planMirror(q, sourceTasks: sourceTasks, explicit: explicit, plan: plan)
        }
        if let stamp = q.fields.first(where: { f in MirrorLayout.stampColumns.contains { $0.field == f } }) {
            plan.warnings.append("note: `\(stamp.name)` is stamped by the mirror's syncs: it is null for orders from this "
                + "source (unless they were saved from a `from mirror` query that read it); write `from mirror`")
        }
        guard case .api(let sourceTasks, let explicit) = q.source else { return plan }

        var push = Pushdown()
        var residual: [CheckedExpr] = []
        for c in q.filter?.conjuncts ?? [] {
            if let a = Pushdown.atom(c), push.add(a) {
                plan.pushed.append(c)
                let serverOnly = c.fields.contains { $0.serverOnly }
                if settings.recheck, !serverOnly { residual.append(c) }
            } else {
                residual.append(c)
                var narrowed = false
                for a in Pushdown.implied(c) where push.add(a) { narrowed = true }
                if narrowed { plan.narrowing.append(c) }
            }
        }

        let tasks = try chooseTasks(sourceTasks, explicit: explicit, push: push, q: q, plan: &plan)

        let needed = push.contradiction ? 0 : requestCount(push, idsPerList: settings.idsPerList)
        if needed > maxRequestsPerTask {
            throw Diagnostic(.invalidClause, "the filter needs \(needed == .max ? "too many" : String(needed)) requests per task "
                                 + "(at most \(maxRequestsPerTask)): each request can hold \(settings.idsPerList) values of each list",
                             at: q.range, hint: "use fewer values in the `in` lists, or raise `set ids_per_list`")
        }
        let requests = push.contradiction ? [] : options(push, idsPerList: settings.idsPerList)
        plan.residual = CheckedExpr.conjunction(residual)

        var groups: [GroupRequest] = []
        // `calls count` counts attempts: listOrder's totalCount counts orders.
        let pushable = plan.residual == nil && !settings.recheck && q.pages == nil && q.unit == .orders
        // Requests split on single-valued options (orderID, callStatus) return disjoint sets, so their
        // totals add up; split intent lists overlap (an order may have intents in two chunks).
        let disjoint = [PushOption.intentID, .intentName, .intentTag].allSatisfy {
            (push.lists[$0]?.count ?? 0) <= settings.idsPerList
        }
        if pushable, case .groups(let keys, let aggregates, _, _) = q.shape, aggregates == [.countAll] {
            if keys.isEmpty, requests.count <= 1 || disjoint {
                plan.count = .pushedTotal
            } else if keys.count == 1, case .field(let f) = keys[0], requests.count <= 1,
                      let g = Planner.groups(for: f, push: push, base: requests.first) {
                plan.count = .pushedGroups(field: f, values: g.map(\.value))
                groups = g
            }
        }
        let orders = ScanPlan.api(tasks.map { TaskPlan(userTaskID: $0, requests: requests, groupRequests: groups) })
        plan.scan = q.unit == .calls ? .attempts(CallsPlan(detailBatch: settings.detailBatch), of: orders) : orders
        return plan
    }

    /// The scan of a source before pushdown: what the file and task-list sources read as they are.
    static func scan(of source: QuerySource) -> ScanPlan {
        switch source {
        case .file(let path): .file(path)
        case .stdin: .stdin
        case .taskList: .taskList
        case .api: .api([])
        case .mirror: .mirror(MirrorScanPlan(tasks: [], query: MirrorQuery(rows: .orders, predicate: nil)))
        }
    }

    /// Tasks: `in task` ids (or the defaults), narrowed by `userTaskID` tests; without `in task` such
    /// a test names the tasks (the defaults are ignored).
    static func chooseTasks(_ sourceTasks: [String], explicit: Bool, push: Pushdown, q: CheckedQuery,
                            plan: inout Plan) throws(Diagnostic) -> [String] {
        var tasks = sourceTasks
        if let wanted = push.lists[.userTaskID]?.compactMap({ s -> String? in if case .text(let t) = s { t } else { nil } }) {
            tasks = explicit ? sourceTasks.filter { wanted.contains($0) } : wanted
            if explicit, tasks.isEmpty, !push.contradiction {
                plan.warnings.append("warning: no task is left: `in task` names "
                    + sourceTasks.map { "'\($0)'" }.joined(separator: ", ") + " but the filter asks for "
                    + wanted.map { "'\($0)'" }.joined(separator: ", ") + "; nothing is requested")
            }
        } else if tasks.isEmpty {
            throw Diagnostic(.noTask, "no task to query", at: q.range,
                             hint: "run `use task 'ID'`, write `\(q.unit.rawValue) in task 'ID'`, or pass --task ID")
        }
        var seen = Set<String>()
        return tasks.filter { seen.insert($0).inserted }
    }

    /// `from mirror`: conjuncts the indexed columns answer go into the scan's SQL; `task` tests choose
    /// the tasks as for the API; the rest is the residual.
    static func planMirror(_ q: CheckedQuery, sourceTasks: [String], explicit: Bool, plan: Plan) throws(Diagnostic) -> Plan {
        var plan = plan
        var push = Pushdown()
        var residual: [CheckedExpr] = []
        var conditions: [MirrorPredicate] = []
        for c in q.filter?.conjuncts ?? [] {
            if let a = Pushdown.atom(c), case .list(.userTaskID, _) = a, push.add(a) {
                plan.pushed.append(c)
            } else if let m = MirrorPredicate.of(c, likes: q.unit != .calls) {
                conditions.append(m)
                plan.pushed.append(c)
            } else {
                residual.append(c)
            }
        }
        let tasks = push.contradiction ? [] : try chooseTasks(sourceTasks, explicit: explicit, push: push, q: q, plan: &plan)
        plan.residual = CheckedExpr.conjunction(residual)
        var scan = MirrorScanPlan(tasks: tasks, query: MirrorQuery(rows: q.unit == .calls ? .calls : .orders,
                                                                   predicate: conditions.isEmpty ? nil : MirrorPredicate.and(conditions)))
        scan.query.stamps = q.fields.contains { f in MirrorLayout.stampColumns.contains { $0.field == f } }
        // A `count`/`stats` the SQL answers whole: a plain `count` is one `SELECT count(*)` per task;
        // one whose keys and aggregates read only indexed columns is grouped in SQL.
        if plan.residual == nil, q.unit == .orders, q.pages == nil, case .groups(let keys, let aggregates, _, _) = q.shape {
            if keys.isEmpty, aggregates == [.countAll] {
                plan.count = .mirrorCount
            } else if let columns = mirrorGroupColumns(keys: keys, aggregates: aggregates) {
                plan.count = .mirrorGroups
                scan.groupColumns = columns
            }
        }
        plan.scan = .mirror(scan)
        return plan
    }

    /// The indexed columns that hold every field the keys and the aggregates' arguments read, in
    /// first-use order; nil when one reads anything else or an aggregate has a condition.
    static func mirrorGroupColumns(keys: [CheckedTerm], aggregates: [CheckedAggregate]) -> [String]? {
        var columns: [String] = []
        for a in aggregates where a.condition != nil { return nil }
        for term in keys + aggregates.compactMap(\.argument) {
            guard !readsSlot(term) else { return nil }
            for f in term.fields {
                guard let c = MirrorPredicate.column(of: f) else { return nil }
                if !columns.contains(c) { columns.append(c) }
            }
        }
        return columns
    }

    /// Whether `term` reads a slot of its record (a group row's column), not only fields.
    static func readsSlot(_ term: CheckedTerm) -> Bool {
        switch term {
        case .slot: true
        case .field, .constant: false
        case .negate(let x, _): readsSlot(x)
        case .arithmetic(_, let a, let b, _): readsSlot(a) || readsSlot(b)
        case .function(_, let args, _): args.contains(where: readsSlot)
        }
    }

    /// The list options sent in requests, in the order their chunks are combined.
    static let listOptions: [PushOption] = [.orderID, .intentID, .intentName, .intentTag, .callStatus]

    /// The most requests one task's plan may hold. Split lists multiply (every chunk of one list is
    /// sent with every chunk of the others), so a short filter could otherwise ask for billions.
    public static let maxRequestsPerTask = 10_000

    /// How many requests `options` would make (`Int.max` when that does not fit in an Int).
    static func requestCount(_ p: Pushdown, idsPerList: Int) -> Int {
        var n = 1
        for o in listOptions {
            guard let values = p.lists[o] else { continue }
            let chunks = max(1, values.count / idsPerList + (values.count % idsPerList == 0 ? 0 : 1))
            let (m, overflow) = n.multipliedReportingOverflow(by: chunks)
            if overflow { return .max }
            n = m
        }
        return n
    }

    /// The requests for the collected constraints (several when a list is longer than `idsPerList`).
    static func options(_ p: Pushdown, idsPerList: Int) -> [ListOrderOptions] {
        var base = ListOrderOptions()
        if let f = p.finish, f.count == 1 { base.finish = f.contains(true) ? 2 : 1 }
        for (o, r) in p.ranges {
            let range = RangeOption(gt: r.lo <= 0 ? RangeOption.openLow : r.lo - 1,
                                    lt: r.hi >= RangeOption_maxValue ? RangeOption.openHigh : r.hi + 1)
            if o == .callDuration { base.callDuration = range } else { base.turnTime = range }
        }
        var result = [base]
        for o in listOptions {
            guard let values = p.lists[o] else { continue }
            let chunks = stride(from: 0, to: values.count, by: idsPerList).map {
                Array(values[$0..<min(values.count, $0 + idsPerList)])
            }
            result = result.flatMap { r in chunks.map { set(o, $0, on: r) } }
        }
        return result
    }

    static func set(_ o: PushOption, _ values: [Scalar], on r: ListOrderOptions) -> ListOrderOptions {
        var r = r
        let texts = values.compactMap { s -> String? in if case .text(let t) = s { t } else { nil } }
        switch o {
        case .orderID: r.orderID = texts
        case .intentID: r.intentID = texts
        case .intentName: r.intentName = texts
        case .intentTag: r.intentTag = texts
        case .callStatus: r.callStatus = values.compactMap { if case .int(let n) = $0 { n } else { nil } }
        default: break
        }
        return r
    }

    /// Group requests for `count by callStatus` / `count by finish`, or nil when the field cannot be pushed.
    static func groups(for field: Field, push: Pushdown, base: ListOrderOptions?) -> [GroupRequest]? {
        guard let base else { return [] }
        switch field.pushdown {
        case .callStatus:
            guard case .enumeration(let e) = field.type else { return nil }
            let allowed = push.lists[.callStatus]
            return e.allCodes.filter { c in allowed.map { $0.contains(.int(c)) } ?? true }.map { c in
                var o = base
                o.callStatus = [c]
                return GroupRequest(value: .int(c), options: o)
            }
        case .finish:
            return [true, false].filter { push.finish?.contains($0) ?? true }.map { b in
                var o = base
                o.finish = b ? 2 : 1
                return GroupRequest(value: .bool(b), options: o)
            }
        default: return nil
        }
    }
}
