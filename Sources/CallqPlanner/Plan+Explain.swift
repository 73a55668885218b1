// `explain`: the plan as stable text — per task each request's options JSON,
// the residual in callq syntax, how count is answered, the paging plan.

import CallbotAPI
import CallqJSON
import CallqSemantics

extension Plan {
    /// The plan as text (stable: golden tests compare it).
    public func explain() -> String {
        var out = "query: \(query.text)\n"
        switch source {
        case .file(let p): out += "source: file '\(p)' (no requests; every order is read and filtered locally)\n"
        case .stdin: out += "source: stdin (no requests; every order is read and filtered locally)\n"
        case .api:
            out += "source: api, \(tasks.count) task\(tasks.count == 1 ? "" : "s")\n"
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
            }
        }
        if source == .api {
            out += "pushed: " + (pushed.isEmpty ? "nothing" : CheckedExpr.conjunction(pushed)!.callqText) + "\n"
            if !narrowing.isEmpty {
                out += "narrowed by (also in the residual): " + CheckedExpr.conjunction(narrowing)!.callqText + "\n"
            }
        }
        out += "residual: " + (residual.map(\.callqText) ?? "none") + (settings.recheck && source == .api ? " (recheck on)" : "") + "\n"
        switch query.output {
        case .rows(nil): out += "output: orders as sent\n"
        case .rows(let p?): out += "output: " + p.map(projection).joined(separator: ", ") + "\n"
        case .count(let by):
            out += "output: count" + (by.isEmpty ? "" : " by " + by.map(projection).joined(separator: ", ")) + "\n"
        case .stats(let aggs, let by):
            out += "output: stats " + aggs.map(\.name).joined(separator: ", ")
                + (by.isEmpty ? "" : " by " + by.map(projection).joined(separator: ", ")) + "\n"
        }
        if case .count = query.output {
            switch count {
            case .scan: out += "count: not pushed (rows are counted as they stream)\n"
            case .pushedTotal: out += "count: pushed (the sum of totalCount of each request, sent with size 1)\n"
            case .pushedGroups(let by, let values):
                out += "count: pushed by \(by.field.name) (one size-1 request per value: "
                    + values.map { JSONWriter.string($0) }.joined(separator: ", ")
                    + "; plus the total; scans instead if they do not add up)\n"
            }
        }
        if !query.orderBy.isEmpty {
            out += "order by: " + query.orderBy.map { $0.field.name + ($0.descending ? " desc" : "") }.joined(separator: ", ") + "\n"
        }
        if source == .api {
            let pages = paging.pages.map { $0.count == 1 ? "page \($0.lowerBound)" : "pages \($0.lowerBound)..\($0.upperBound)" } ?? "all pages"
            out += "paging: \(pages), size \(paging.size), at most \(paging.maxPages) requests without asking\n"
        }
        if let limit { out += "limit: \(limit) rows\n" }
        if let f = query.format { out += "format: \(f)\n" }
        if let i = query.into { out += "into: '\(i)'\n" }
        return out
    }

    func projection(_ p: ProjectedField) -> String {
        p.name == p.field.name ? p.name : "\(p.field.name) as \(p.name)"
    }
}
