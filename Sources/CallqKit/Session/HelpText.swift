// `help [topic]` and `.help`: short, example-first pages, like psql's \? and \h.
import CallqOutput
import CallqResult
import CallqSemantics
import CallqSyntax

/// Help pages by topic.
public enum HelpText {
    public static let topics = [
        "statements", "queries", "calls", "expressions", "functions", "fields", "statuses", "set",
        "formats", "repl"
    ]

    public static func text(for topic: String?) -> String {
        switch topic?.lowercased() {
        case nil, "", "statements": return statements
        case "queries", "query", "orders": return queries
        case "calls", "call", "attempts", "attempt": return calls
        case "expressions", "where", "operators": return expressions
        case "functions", "function", "aggregates", "stats": return functions
        case "fields", "field":
            return "order fields (orders …):\n" + Catalog.orders.fieldsHelp
                + "\ncall fields (calls …): the order fields above (call fields are this attempt's; no turnTime), and\n"
                + Catalog.calls.fieldsHelp(only: [Catalog.attemptKey, Catalog.attemptsKey])
                + "\ntask fields (tasks …):\n" + Catalog.tasks.fieldsHelp
        case "statuses", "status", "enums": return Catalog.statusesHelp
        case "set", "settings": return settingsHelp
        case "formats", "format", "output": return formats
        case "repl", "commands", "dot": return repl
        case let t?:
            return "no help on `\(t)`; topics: \(topics.joined(separator: ", "))"
        }
    }

    static let statements = """
        callq statements (end with `;` or a new line):
          orders [in task 'ID'] [where EXPR] [select …|count [by …]|stats …] [order by …] [limit N] [page A..B] [size N] [format F] [into 'PATH']
          orders from file 'PATH' | from stdin …   query orders saved earlier (NDJSON, JSON array or saved replies)
          orders from mirror [in task 'ID'] …      query the local mirror (no requests)
          calls [in task 'ID' | from mirror] …     one row per call attempt of each order (help calls)
          sync [task 'ID', …] [full]      bring the local mirror of tasks up to date (incremental: a few requests)
          mirrors                         list the mirrored tasks
          explain QUERY                   show the plan (requests sent, residual filter) without running it
          watch [every 10s] [frames N] QUERY   re-run QUERY (after a sync for `from mirror`), changes marked, until Ctrl-C
          use task 'ID' [, 'ID' …]        default task(s) for later queries
          set NAME = VALUE                change a setting (help set)
          let NAME = VALUE | (EXPR)       define $NAME
          tasks [where EXPR] [select …]   list tasks (every clause of a query works)
          ping                            check the connection
          help [TOPIC]                    topics: \(topics.joined(separator: ", "))

        examples:
          orders where status = completed and duration > 30 page 1..5
          orders where intent = 'interested' select phone, name, duration order by duration desc limit 10
          orders count by status
          orders where started > now - 1h and status = voicemail format csv into 'voicemail.csv'
        """

    static var queries: String {
        """
        orders [in task 'ID', …] | orders from file 'PATH' | orders from stdin | orders from mirror [in task 'ID', …]
          where EXPR                       filter (help expressions); pushed to the API where it can be
          select F [as NAME], …            choose columns (default: the whole order)
          count [by F, …]                  count orders (per group)
          stats AGG, … [by F, …]           aggregates (help functions): \(aggregateList)
          order by F [asc|desc], …         sort (with limit: a top-N, memory bounded)
          limit N                          stop after N rows (cancels requests still running)
          page A..B | page A               only these server pages
          size N                           orders per page request
          format \(OutputFormat.allCases.map(\.rawValue).joined(separator: "|"))
          into 'PATH'                      write to a file (format from the extension)
        """
    }

    /// The aggregates as `help queries` lists them.
    static var aggregateList: String {
        LanguageCatalog.functions.filter { $0.kind == .aggregate }.map(\.signature).joined(separator: ", ")
    }

    /// `help functions`: every scalar function and aggregate of the catalog, one line each.
    static var functions: String {
        func section(_ kind: FunctionEntry.Kind) -> String {
            let entries = LanguageCatalog.functions.filter { $0.kind == kind }
            let width = entries.map(\.signature.count).max() ?? 0
            return entries.map { "  " + $0.signature + String(repeating: " ", count: width - $0.signature.count + 2) + $0.help }
                .joined(separator: "\n")
        }
        return "functions (in select, by, order by, where and aggregate arguments; times in the session zone):\n"
            + section(.scalar) + "\n\naggregates (in stats; C is a where-condition):\n" + section(.aggregate) + "\n"
    }

    static let calls = """
        calls [in task 'ID', …] | calls from mirror [in task 'ID', …]
          one row per call attempt (listOrderDetail), carrying its order's fields; the call
          fields (status, duration, started, cause, sip, intents, agent, …) are the attempt's.
          attempt    1 = the first attempt (by callStartTs, ties in list order)
          attempts   how many attempts the order has
          every clause of `orders` works (where, select, count, stats, order by, limit, page, size, format, into);
          only orderID, finish and task tests are sent to listOrder, the rest is checked per attempt.
          set detail_batch = N    ids per listOrderDetail request (default 500)
          set sync_calls = on     `sync` keeps the attempts too, for `calls from mirror`

        examples:
          calls where orderID = 'o-1' select attempt, started, status, cause
          calls count by orderID order by count desc limit 10
          calls where attempt = 3 and status != completed select phone, attempts, status, cause
          calls count by attempt, status
        """

    static let expressions = """
        F = V   F != V   F < V   F <= V   F > V   F >= V
        F [not] in (V, …)      F between V and V      F [not] like 'pat%'      F ~ 'regex'
        F is [not] null        F is [not] empty        not EXPR   EXPR and EXPR   EXPR or EXPR
        values: 42  'text'  "text"  true false null  90s 5m 2h 1d  '2024-11-24 08:00'  now  today  now - 2h
                busy  voicemail  rejected  ended  failed  in_progress   $VARIABLE
        a missing field equals nothing: `agent != 'ann'` is true for orders without an agent.
        multi-valued fields (intents, sms, params) match when any value matches.
        """

    /// `help set`: every setting of the table with its values, default and meaning.
    static var settingsHelp: String {
        let rows = SettingSpec.all.map { spec -> (String, String) in
            let value = spec.defaultValue?.text ?? (spec.key == .tz ? "'Asia/Jakarta'" : "")
            let words = spec.valueWords.isEmpty ? "" : " (" + spec.valueWords.joined(separator: "|") + ")"
            return ("set \(spec.name) = \(value)", spec.help + words)
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n")
    }

    /// `help formats`: one line per output format.
    static var formats: String {
        let width = OutputFormat.allCases.map(\.rawValue.count).max() ?? 0
        return OutputFormat.allCases.map { $0.rawValue + String(repeating: " ", count: width - $0.rawValue.count + 2) + $0.help }
            .joined(separator: "\n")
    }

    /// The REPL's dot-commands, as `.help` shows them: usage and what it does.
    public static let dotCommands: [(usage: String, help: String)] = [
        (".help [TOPIC]", "this help, or a topic of `help` (`help` lists them)"),
        (".fields", "fields and aliases"),
        (".statuses", "status names"),
        (".format FMT", "output format: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ") + " or auto"),
        (".output [PATH]", "send results to a file (none: back to stdout)"),
        (".timing on|off", "time each statement"),
        (".explain on|off", "show the plan before each query"),
        (".read FILE", "run a script"),
        (".show", "settings (secrets masked)"),
        (".history", "past statements"),
        (".watch N QUERY", "re-run every N seconds until Ctrl-C"),
        (".quit", "leave (or Ctrl-D)"),
        (".exit", "leave, as .quit")
    ]

    /// The dot-commands' names (`.help`, `.quit` …), for the REPL and its completion.
    public static var dotCommandNames: [String] { dotCommands.map { String($0.usage.prefix { $0 != " " }) } }

    /// `.help`: one aligned line per dot-command, then the keys.
    static var repl: String {
        let width = dotCommands.map(\.usage.count).max() ?? 0
        return dotCommands.map { $0.usage + String(repeating: " ", count: width - $0.usage.count + 2) + $0.help }
            .joined(separator: "\n")
            + "\nkeys: Tab completes what may stand at the cursor, Ctrl-R searches history, Ctrl-C cancels a line or a query"
    }
}
