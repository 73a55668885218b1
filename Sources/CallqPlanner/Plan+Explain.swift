// `explain`: the plan as stable text — per task each request's options JSON,
// the residual in callq syntax, how count is answered, the paging plan.

import CallbotAPI
import CallqJSON
import CallqMirror
import CallqResult
import CallqSemantics

extension Plan {
    /// The plan as text (stable: golden tests compare it).
    public func explain() -> String {
        var out = "query: \(text)\n"
        out += scanText(scan)
        for w in warnings { out += w + "\n" }
        if case .mirror = source {
            out += "pushed: " + (pushed.isEmpty ? "nothing" : CheckedExpr.conjunction(pushed)!.callqText) + "\n"
        }
        if case .api = source {
            out += "pushed: " + (pushed.isEmpty ? "nothing" : CheckedExpr.conjunction(pushed)!.callqText) + "\n"
            if !narrowing.isEmpty {
                out += "narrowed by (also in the residual): " + CheckedExpr.conjunction(narrowing)!.callqText + "\n"
            }
        }
        let isAPI = if case .api = source { true } else { false }
        out += "residual: " + (residual.map(\.callqText) ?? "none") + (recheck && isAPI ? " (recheck on)" : "") + "\n"
        out += "output: " + outputText + "\n"
        if let h = havingText { out += "having: \(h)\n" }
        if let a = aggregateText { out += "aggregate: \(a)\n" }
        if case .groups(_, let aggregates, _, _) = shape, aggregates == [.countAll] {
            switch count {
            case .scan where readsAttempts:
                out += "count: not pushed (attempts are counted as they stream; listOrder's totalCount counts orders)\n"
            case .scan: out += "count: not pushed (rows are counted as they stream)\n"
            case .mirrorCount:
                out += "count: pushed (the sql above counts each task's orders; no order is read)\n"
            case .mirrorGroups:
                out += "count: pushed (the sql above groups each task's orders; no order is read)\n"
            case .pushedTotal: out += "count: pushed (the sum of totalCount of each request, sent with size 1)\n"
            case .pushedGroups(let field, let values):
                out += "count: pushed by \(field.name) (one size-1 request per value: "
                    + values.map { JSONWriter.string($0) }.joined(separator: ", ")
                    + "; plus the total; scans instead if they do not add up)\n"
            }
        }
        if !orderBy.isEmpty {
            out += "order by: " + orderBy.map(sortText).joined(separator: ", ") + "\n"
        }
        if source.readsAPI {
            let pages = paging.pages.map { $0.count == 1 ? "page \($0.lowerBound)" : "pages \($0.lowerBound)..\($0.upperBound)" } ?? "all pages"
            let budget = switch paging.budget {
            case .upFront: "at most \(paging.maxPages) requests without asking" + (calls == nil ? "" : " (listOrder and listOrderDetail)")
            case .asSent: "asks after \(paging.maxPages) requests sent (limit stops it sooner)"
            }
            out += "paging: \(pages), size \(paging.size), \(budget)\n"
        }
        if let limit { out += "limit: \(limit) rows\n" }
        if let f = format { out += "format: \(f.rawValue)\n" }
        if let i = into { out += "into: '\(i)'\n" }
        return out
    }

    /// The `source:` line and what is read of each task, one case per source; `attempts` is the
    /// expansion of the orders into call attempts the scan feeds, if any.
    func scanText(_ scan: ScanPlan, attempts: CallsPlan? = nil) -> String {
        var out = ""
        switch scan {
        case .file(let p): out += "source: file '\(p)' (no requests; every order is read and filtered locally)\n"
        case .stdin: out += "source: stdin (no requests; every order is read and filtered locally)\n"
        case .taskList: out += "source: api listTask (every page; the filter is applied locally)\n"
        case .mirror(let m):
            out += "source: mirror, \(m.tasks.count) task\(m.tasks.count == 1 ? "" : "s") (no requests; SQLite)\n"
            if m.tasks.isEmpty { out += "  no task passes the filter: nothing is read\n" }
            for t in m.tasks { out += "task '\(t)':\n" }
            out += "  sql: " + mirrorSQL(m)
                + (m.arguments.isEmpty ? "" : "  -- " + m.arguments.map(\.description).joined(separator: ", ")) + "\n"
        case .attempts(let calls, let orders):
            out += scanText(orders, attempts: calls)
        case .api(let tasks):
            out += "source: api, \(tasks.count) task\(tasks.count == 1 ? "" : "s")"
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
        }
        return out
    }

    /// The statement the mirror is sent for each task: the scan, or the count or grouping that
    /// answers the query without reading orders (CallqMirror generates all three).
    func mirrorSQL(_ m: MirrorScanPlan) -> String {
        switch count {
        case .mirrorCount: m.query.countSQL
        case .mirrorGroups: m.query.groupSQL(columns: m.groupColumns, ordered: !orderBy.isEmpty)
        default: m.query.scanSQL
        }
    }

    /// The `output:` line: columns as `field as name` where the name differs from the field.
    var outputText: String {
        switch shape {
        case .records(_, true):
            if readsAttempts { return "attempts as sent (the order's fields, attempt, attempts, callInfoDetail = the attempt)" }
            return (source == .taskList ? "tasks" : "orders") + " as sent"
        case .records(let values, false):
            return zip(values, columns).map { projection($0, $1.name) }.joined(separator: ", ")
        case .groups(let keys, let aggregates, let outputs, _):
            let by = keys.isEmpty ? "" : " by " + zip(keys, columns).map { projection($0, $1.name) }.joined(separator: ", ")
            if aggregates == [.countAll], outputs.count == keys.count + 1 { return "count" + by }
            return "stats " + zip(outputs, columns).dropFirst(keys.count).map { projection($0, $1.name) }
                .joined(separator: ", ") + by
        }
    }

    /// The `having:` line: the test over output columns.
    var havingText: String? {
        guard case .groups(_, _, _, let h?) = shape else { return nil }
        return h.callqText + " (over the output columns, after aggregating)"
    }

    /// The `aggregate:` line: how groups are computed, for anything but a plain count by fields.
    var aggregateText: String? {
        guard case .groups(let keys, let aggregates, let outputs, _) = shape else { return nil }
        let computedKeys = keys.filter(\.isComputed)
        if aggregates == [.countAll], computedKeys.isEmpty { return nil }
        var parts: [String] = []
        switch source {
        case .mirror where count == .mirrorGroups:
            parts.append("each task's orders are grouped in SQL by the columns the keys and aggregates read (no order's JSON "
                + "is read); each group is added as that many orders")
        case .file, .stdin, .mirror: parts.append("every order is read; each batch is aggregated on the reader's threads and the partial results merged in input order")
        default: parts.append("rows are streamed and aggregated as they arrive")
        }
        if !computedKeys.isEmpty {
            parts.append("group keys computed per order: " + computedKeys.map(\.callqText).joined(separator: ", "))
        }
        let kept = aggregates.filter { $0.function == .percentile || $0.function == .median }
        parts.append("accumulates " + aggregates.map { a in
            a.name + (a.condition.map { " (only orders where " + $0.callqText + ")" } ?? "")
        }.joined(separator: ", "))
        if !kept.isEmpty { parts.append("keeps every value of " + kept.map(\.name).joined(separator: ", ") + " (nearest rank)") }
        if outputs.dropFirst(keys.count).contains(where: { if case .slot = $0 { false } else { true } }) {
            parts.append("then computes the stats items from them per group")
        }
        return parts.joined(separator: "; ")
    }

    func projection(_ term: CheckedTerm, _ name: String) -> String {
        term.callqText == name ? name : "\(term.callqText) as \(name)"
    }

    func sortText(_ k: SortKey) -> String {
        var t: String
        switch k.key {
        case .term(let term): t = term.callqText
        case .column(let i):
            if case .records(let values, _) = shape { t = values[i].callqText } else { t = columns[i].name }
        }
        if k.descending { t += " desc" }
        if k.nullsFirst { t += " nulls first" }
        return t
    }
}
