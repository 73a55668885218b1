// Hints for SQL habits (#26 item 8): what callq says instead of `select * from
// orders`, `where` after `select`, `group by`, `select distinct x`,
// `count(distinct x)`, and `quit`/`exit`/`\q` typed as if to psql.

extension Parser {
    /// How to leave the REPL, for `quit`, `exit` and `\q`.
    static let leavingHint = "to leave the REPL type `.quit` (or `.exit`), or press Ctrl-D"

    /// The hint for a statement that starts with `word`, when it is an SQL habit.
    static func statementHabit(_ word: String) -> String? {
        switch word.lowercased() {
        case "select": "callq names the source first: `orders select …`, `orders where … select …` (not `select … from orders`)"
        case "quit", "exit", "q": leavingHint
        default: nil
        }
    }

    /// The diagnostic for a word after the end of a statement, when it is an SQL habit.
    func trailingHabit() -> Diagnostic? {
        if previous.isWord("distinct"), case .word(let w) = current.kind {
            return Diagnostic(
                .unexpectedToken, "callq has no `select distinct`", at: previous.range.union(current.range),
                hint: "`count by \(w)` gives each value once, with its count; `stats count_distinct(\(w))` counts them")
        }
        let hint: String? =
            switch current.word?.lowercased() {
            case "where": "`where` comes right after the source, before the output: `orders where status = busy select phone`"
            case "group": "callq groups with `by` alone: `orders count by status`, `orders stats avg(duration) by status`"
            case "from": "the source comes first: `orders from file 'saved.ndjson' select …`"
            default: nil
            }
        guard let hint else { return nil }
        return Diagnostic(
            .unexpectedToken, "unexpected \(current.display) after the end of the statement", at: current.range,
            hint: hint)
    }

    /// The hint for `count(distinct x)`: callq's aggregate is `count_distinct(x)`.
    func distinctArgumentHint(function: String, arguments: [CallArgument]) -> String? {
        guard arguments.count == 1, case .term(let t) = arguments[0], t.field?.name.lowercased() == "distinct",
            case .word(let w) = current.kind
        else { return nil }
        return "write `\(function.lowercased() == "count" ? "count_distinct" : function)(\(w))`"
            + (function.lowercased() == "count" ? "" : "; `count_distinct(\(w))` counts distinct values")
    }
}
