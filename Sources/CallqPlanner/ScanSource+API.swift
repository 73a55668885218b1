// listOrder as a source (SPEC §4): top-level conjuncts the server answers
// exactly become request options, others may narrow the requests and stay in
// the residual; `count` with no residual is the sum of size-1 totals, `count by
// status|finish` one size-1 request per value. `calls` from the API is the same
// enumeration of orders, expanded into call attempts by listOrderDetail.
import CallbotAPI
import CallqJSON
import CallqSemantics
import CallqSyntax

/// listOrder: the tasks' orders, with what the server answers pushed into the requests.
struct APIOrdersSource: ScanSource {
    /// The `in task` ids, else the default tasks; `explicit` tells which.
    let tasks: [String]
    let explicit: Bool

    func pushdown(_ q: CheckedQuery, settings: PlanSettings) throws(Diagnostic) -> SourcePushdown {
        var p = SourcePushdown(scan: .api([]))
        let (push, residual) = Self.collect(q.filter?.conjuncts ?? [], recheck: settings.recheck, into: &p)
        let chosen = try Planner.chooseTasks(tasks, explicit: explicit, push: push, q: q, warnings: &p.warnings)
        let needed = push.contradiction ? 0 : Planner.requestCount(push, idsPerList: settings.idsPerList)
        if needed > Planner.maxRequestsPerTask {
            throw Diagnostic(
                .invalidClause,
                "the filter needs \(needed == .max ? "too many" : String(needed)) requests per task "
                    + "(at most \(Planner.maxRequestsPerTask)): each request can hold \(settings.idsPerList) values of each list",
                at: q.range, hint: "use fewer values in the `in` lists, or raise `set ids_per_list`")
        }
        let requests = push.contradiction ? [] : Planner.options(push, idsPerList: settings.idsPerList)
        p.residual = CheckedExpr.conjunction(residual)
        p.scan = .api(chosen.map { TaskPlan(userTaskID: $0, requests: requests) })
        return p
    }

    /// Sorts `conjuncts` into pushed (collected in the returned Pushdown), narrowing and residual.
    static func collect(_ conjuncts: [CheckedExpr], recheck: Bool, into p: inout SourcePushdown) -> (Pushdown, [CheckedExpr]) {
        var push = Pushdown()
        var residual: [CheckedExpr] = []
        for c in conjuncts {
            if let a = Pushdown.atom(c), push.add(a) {
                p.pushed.append(c)
                let serverOnly = c.fields.contains { $0.serverOnly }
                if recheck, !serverOnly { residual.append(c) }
            } else {
                residual.append(c)
                var narrowed = false
                for a in Pushdown.implied(c) where push.add(a) { narrowed = true }
                if narrowed { p.narrowing.append(c) }
            }
        }
        return (push, residual)
    }

    func countPushdown(_ q: CheckedQuery, _ p: inout SourcePushdown, settings: PlanSettings) {
        // listOrder's totalCount counts orders: `calls count` counts attempts (CallAttemptsSource).
        guard p.residual == nil, !settings.recheck, q.pages == nil, q.unit == .orders,
            q.shape.countsOnly, case .groups(let keys, _, _, _) = q.shape,
            case .api(let tasks) = p.scan
        else { return }
        // With no residual every conjunct was pushed: they rebuild the requests' constraints.
        var scratch = SourcePushdown(scan: p.scan)
        let (push, _) = Self.collect(p.pushed, recheck: false, into: &scratch)
        let requests = tasks.first?.requests ?? []
        // Requests split on single-valued options (orderID, callStatus) return disjoint sets, so their
        // totals add up; split intent lists overlap (an order may have intents in two chunks).
        let disjoint = [PushOption.intentID, .intentName, .intentTag].allSatisfy {
            (push.lists[$0]?.count ?? 0) <= settings.idsPerList
        }
        if keys.isEmpty, requests.count <= 1 || disjoint {
            p.count = .pushedTotal
        } else if keys.count == 1, case .field(let f) = keys[0], requests.count <= 1,
            let groups = Planner.groups(for: f, push: push, base: requests.first)
        {
            p.count = .pushedGroups(field: f, values: groups.map(\.value))
            p.scan = .api(tasks.map { TaskPlan(userTaskID: $0.userTaskID, requests: $0.requests, groupRequests: groups) })
        }
    }

    func explainScan(_ scan: ScanPlan, in plan: Plan) -> String {
        explain(scan.apiTasks, attempts: nil)
    }

    /// The source line and each task's requests; `attempts` adds the expansion's detail stage.
    func explain(_ tasks: [TaskPlan], attempts: CallsPlan?) -> String {
        var out =
            "source: api, \(tasks.count) task\(tasks.count == 1 ? "" : "s")"
            + (attempts == nil ? "" : " (calls: listOrder enumerates the orders, listOrderDetail reads their attempts)") + "\n"
        if tasks.isEmpty { out += "  no task passes the filter: no request is sent\n" }
        for t in tasks {
            out += "task '\(t.userTaskID)':\n"
            if t.requests.isEmpty { out += "  no request: the filter cannot match any order\n" }
            for (i, r) in t.requests.enumerated() {
                out += "  request \(i + 1): options \(JSONWriter.string(r.json))\n"
            }
            for g in t.groupRequests {
                out += "  group \(JSONWriter.string(g.value)): size 1, options \(JSONWriter.string(g.options.json))\n"
            }
            if t.requests.count > 1 { out += "  rows of the \(t.requests.count) requests are merged without duplicates\n" }
            if let attempts, !t.requests.isEmpty { out += attempts.explainAPI() }
        }
        return out
    }

    func explainPushed(_ plan: Plan) -> String {
        var out = pushedLine(plan)
        if !plan.narrowing.isEmpty {
            out += "narrowed by (also in the residual): " + CheckedExpr.conjunction(plan.narrowing)!.callqText + "\n"
        }
        return out
    }
}

/// `calls` from the API: the orders listOrder enumerates (only order-level conjuncts are pushed;
/// the calls catalog gives no other field a listOrder option), each expanded into its attempts
/// by listOrderDetail — a node over the orders' scan. Attempts are counted as they stream.
struct CallAttemptsSource: ScanSource {
    let orders: any ScanSource

    func pushdown(_ q: CheckedQuery, settings: PlanSettings) throws(Diagnostic) -> SourcePushdown {
        var p = try orders.pushdown(q, settings: settings)
        p.scan = .attempts(CallsPlan(detailBatch: settings.detailBatch), of: p.scan)
        return p
    }

    func explainScan(_ scan: ScanPlan, in plan: Plan) -> String {
        guard case .attempts(let calls, let inner) = scan else { return orders.explainScan(scan, in: plan) }
        if let api = orders as? APIOrdersSource { return api.explain(inner.apiTasks, attempts: calls) }
        return orders.explainScan(inner, in: plan)
    }

    func explainPushed(_ plan: Plan) -> String { orders.explainPushed(plan) }
}
