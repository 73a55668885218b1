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
        let reader = scan.source
        out += reader.explainScan(scan, in: self)
        for w in warnings { out += w + "\n" }
        out += reader.explainPushed(self)
        let isAPI = if case .api = source { true } else { false }
        out += "residual: " + (residual.map(\.callqText) ?? "none") + (recheck && isAPI ? " (recheck on)" : "") + "\n"
        out += "output: " + outputText + "\n"
        if let h = havingText { out += "having: \(h)\n" }
        if let a = aggregateText { out += "aggregate: \(a)\n" }
        if shape.countsOnly {
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
                out +=
                    "count: pushed by \(field.name) (one size-1 request per value: "
                    + values.map { JSONWriter.string($0) }.joined(separator: ", ")
                    + "; plus the total; scans instead if they do not add up)\n"
            }
        }
        if !orderBy.isEmpty {
            out += "order by: " + orderBy.map(sortText).joined(separator: ", ") + "\n"
        }
        if source.readsAPI {
            let pages =
                paging.pages.map { $0.count == 1 ? "page \($0.lowerBound)" : "pages \($0.lowerBound)..\($0.upperBound)" }
                ?? "all pages"
            let budget =
                switch paging.budget {
                case .upFront:
                    "at most \(paging.maxPages) requests without asking"
                        + (calls == nil ? "" : " (listOrder and listOrderDetail)")
                case .asSent: "asks after \(paging.maxPages) requests sent (limit stops it sooner)"
                }
            out += "paging: \(pages), size \(paging.size), \(budget)\n"
        }
        if let limit { out += "limit: \(limit) rows\n" }
        if case .written(let f) = output.format { out += "format: \(f.rawValue)\n" }
        if let i = into { out += "into: '\(i)'\n" }
        return out
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
            return "stats "
                + zip(outputs, columns).dropFirst(keys.count).map { projection($0, $1.name) }
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
        // A count answered without reading rows (or the `count` statement itself) needs no line.
        if shape.countsOnly, computedKeys.isEmpty, count != .scan || aggregates == [.countAll] { return nil }
        var parts: [String] = []
        switch source {
        case .mirror where count == .mirrorGroups:
            parts.append(
                "each task's orders are grouped in SQL by the columns the keys and aggregates read (no order's JSON "
                    + "is read); each group is added as that many orders")
        case .file, .stdin, .mirror:
            parts.append(
                "every order is read; each batch is aggregated on the reader's threads and the partial results merged in input order"
            )
        default: parts.append("rows are streamed and aggregated as they arrive")
        }
        if !computedKeys.isEmpty {
            parts.append("group keys computed per order: " + computedKeys.map(\.callqText).joined(separator: ", "))
        }
        let kept = aggregates.filter { $0.function == .percentile || $0.function == .median }
        parts.append(
            "accumulates "
                + aggregates.map { a in
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
