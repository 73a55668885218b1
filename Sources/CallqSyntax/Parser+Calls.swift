// Grammar rule for the head of a `calls` query (SPEC §11): the word and its
// source, the API (`in task …`, default tasks) or the mirror. The rest of the
// query (where, output, tail) is parsed as for `orders`.

extension Parser {
    /// callsHead := `calls` (`in` `task` stringList | `from` `mirror` [`in` `task` stringList])?
    mutating func callsHead() throws(Diagnostic) -> Query {
        _ = try expect(word: "calls", context: "to start a query")
        let at = current
        let src = try source()
        switch src {
        case .api, .mirror: break
        default:
            throw Diagnostic(
                .invalidClause, "`calls` reads the API or the mirror, not a saved file",
                at: at.range.union(previous.range),
                hint: "write `calls`, `calls in task 'ID'` or `calls from mirror`")
        }
        var q = Query(source: src)
        q.unit = .calls
        return q
    }
}
