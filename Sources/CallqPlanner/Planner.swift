// The Planner: checked query → Plan (SPEC §4). The query's source (ScanSource)
// splits the filter into pushed and residual and says how `count` is answered;
// here are the parts the API and the mirror share: choosing the tasks, and
// turning listOrder constraints into requests (long lists split).

import CallbotAPI
import CallqJSON
import CallqMirror
import CallqSemantics
import CallqSyntax

/// Plans checked queries.
public enum Planner {
    /// The plan for `q`; throws when an API query has no task.
    public static func plan(_ q: CheckedQuery, settings: PlanSettings = PlanSettings()) throws(Diagnostic) -> Plan {
        var plan = try planScan(q, settings: settings)
        plan.rawRecordPaths = rawRecordPaths(plan)
        return plan
    }

    /// The key paths read when rows are written as the orders' bytes: those of the filter and the
    /// sort keys. Nil unless rows are whole orders as received (no `select`, not attempts, not
    /// sorted by an output column).
    static func rawRecordPaths(_ plan: Plan) -> [[String]]? {
        guard !plan.readsAttempts, case .records(_, true) = plan.shape else { return nil }
        var fields = plan.residual?.fields ?? []
        for k in plan.orderBy {
            switch k.key {
            case .term(let t): fields += t.fields
            case .column: return nil
            }
        }
        return CheckedQuery.touchedPaths(of: fields)
    }

    static func planScan(_ q: CheckedQuery, settings: PlanSettings) throws(Diagnostic) -> Plan {
        let limitedStream = q.limit != nil && q.orderBy.isEmpty && { if case .records = q.shape { true } else { false } }()
        let defaultSize = q.source == .taskList ? min(settings.pageSize, 100) : settings.pageSize
        let paging = PagingPlan(
            pages: q.pages, size: q.size ?? defaultSize, maxPages: settings.maxPages,
            budget: limitedStream ? .asSent : .upFront)
        let source = q.source.scanSource(unit: q.unit)
        var pushdown = try source.pushdown(q, settings: settings)
        source.countPushdown(q, &pushdown, settings: settings)
        // `seen`/`changed` are the mirror's: other sources have no such fields.
        let fromMirror = if case .mirror = q.source { true } else { false }
        if !fromMirror, let stamp = q.fields.first(where: { f in MirrorLayout.stampColumns.contains { $0.field == f } }) {
            pushdown.warnings.append(
                "note: `\(stamp.name)` is stamped by the mirror's syncs: it is null for orders from this "
                    + "source (unless they were saved from a `from mirror` query that read it); write `from mirror`")
        }
        return Plan(
            text: q.text, source: q.source, scan: pushdown.scan, residual: pushdown.residual, pushed: pushdown.pushed,
            narrowing: pushdown.narrowing, count: pushdown.count, shape: q.shape, columns: q.columns,
            orderBy: q.orderBy, limit: q.limit, paging: paging, output: q.output,
            recheck: settings.recheck, touchedPaths: q.touchedPaths, noun: q.noun, warnings: pushdown.warnings)
    }

    /// Tasks: `in task` ids (or the defaults), narrowed by `userTaskID` tests; without `in task` such
    /// a test names the tasks (the defaults are ignored).
    static func chooseTasks(
        _ sourceTasks: [String], explicit: Bool, push: Pushdown, q: CheckedQuery,
        warnings: inout [String]
    ) throws(Diagnostic) -> [String] {
        var tasks = sourceTasks
        if let wanted = push.lists[.userTaskID]?.compactMap({ s -> String? in if case .text(let t) = s { t } else { nil } }) {
            tasks = explicit ? sourceTasks.filter { wanted.contains($0) } : wanted
            if explicit, tasks.isEmpty, !push.contradiction {
                warnings.append(
                    "warning: no task is left: `in task` names "
                        + sourceTasks.map { "'\($0)'" }.joined(separator: ", ") + " but the filter asks for "
                        + wanted.map { "'\($0)'" }.joined(separator: ", ") + "; nothing is requested")
            }
        } else if tasks.isEmpty {
            throw Diagnostic(
                .noTask, "no task to query", at: q.range,
                hint: "run `use task 'ID'`, write `\(q.unit.rawValue) in task 'ID'`, or pass --task ID")
        }
        var seen = Set<String>()
        return tasks.filter { seen.insert($0).inserted }
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
            let range = RangeOption(
                gt: r.lo <= 0 ? RangeOption.openLow : r.lo - 1,
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
