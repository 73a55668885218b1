// The one catalog of the language's words: every keyword and every function and
// aggregate, with what the parser needs (which arguments are conditions) and what
// help shows. The parser, checker, completion, `help` and the fuzz dictionary read
// it; fields, enums and settings are the semantic catalogs (CallqSemantics).

/// One function of the language: a scalar function (SPEC §9.1) or an aggregate (§9.2).
public struct FunctionEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A value of one record (`hour(started)`).
        case scalar
        /// A value of a group, in `stats` (`avg(duration)`).
        case aggregate
    }

    /// The name, lower case (calls are case-insensitive).
    public let name: String
    public let kind: Kind
    /// The arguments as `help` writes them: `t`, `X, COND`, `` (none).
    public let arguments: String
    /// The position of the argument that is a where-condition (`countif`, `sumif`, `avgif`).
    public let conditionArgument: Int?
    /// One line for `help functions`.
    public let help: String

    init(_ name: String, _ kind: Kind, _ arguments: String, condition: Int? = nil, _ help: String) {
        self.name = name
        self.kind = kind
        self.arguments = arguments
        self.conditionArgument = condition
        self.help = help
    }

    /// The call as `help` shows it: `sumif(X, COND)`.
    public var signature: String { "\(name)(\(arguments))" }
}

/// The keywords, functions and aggregates of the language.
public enum LanguageCatalog {
    /// Every function and aggregate, scalar functions first, each in SPEC order.
    public static let functions: [FunctionEntry] = [
        FunctionEntry("hour", .scalar, "t", "hour of the day, 0–23 (session zone)"),
        FunctionEntry("weekday", .scalar, "t", "1 (Monday) … 7 (Sunday), shown mon(1) … sun(7)"),
        FunctionEntry("day", .scalar, "t", "local midnight of t's day, shown 2024-11-24"),
        FunctionEntry("week", .scalar, "t", "local midnight of the Monday of t's ISO week"),
        FunctionEntry("month", .scalar, "t", "local midnight of the 1st of t's month, shown 2024-11"),
        FunctionEntry(
            "bin", .scalar, "x, S",
            "a time floored to S from local midnight (bin(started, 15m)), or a number or seconds floored to a multiple of S"),
        FunctionEntry("lower", .scalar, "s", "text in lower case"),
        FunctionEntry("upper", .scalar, "s", "text in upper case"),
        FunctionEntry("length", .scalar, "s", "length of text in characters"),
        FunctionEntry("coalesce", .scalar, "a, b, …", "the first argument that is not null"),
        FunctionEntry(
            "label", .scalar, "e",
            "an enum field's name as text (label(status) = 'rejected'), for csv and json; an unknown code as its digits"),
        FunctionEntry("count", .aggregate, "", "rows of the group"),
        FunctionEntry("sum", .aggregate, "F", "sum of F"),
        FunctionEntry("avg", .aggregate, "F", "average of F (of seconds: seconds)"),
        FunctionEntry("min", .aggregate, "F", "smallest F"),
        FunctionEntry("max", .aggregate, "F", "largest F"),
        FunctionEntry("count_distinct", .aggregate, "F", "number of different values of F"),
        FunctionEntry("countif", .aggregate, "C", condition: 0, "rows where the condition C holds"),
        FunctionEntry("sumif", .aggregate, "X, C", condition: 1, "sum of X over rows where C holds"),
        FunctionEntry("avgif", .aggregate, "X, C", condition: 1, "average of X over rows where C holds"),
        FunctionEntry("percentile", .aggregate, "X, P", "nearest rank: the smallest value with P % of the values at or below it"),
        FunctionEntry("median", .aggregate, "X", "percentile(X, 50)"),
        FunctionEntry("share", .aggregate, "", "100 × rows of the group ÷ all rows that passed where")
    ]

    /// The scalar functions' names.
    public static let scalarNames: [String] = functions.filter { $0.kind == .scalar }.map(\.name)
    /// The aggregates' names.
    public static let aggregateNames: [String] = functions.filter { $0.kind == .aggregate }.map(\.name)

    /// The entry of a function or aggregate (any case).
    public static func function(named name: String) -> FunctionEntry? {
        let lower = name.lowercased()
        return functions.first { $0.name == lower }
    }

    /// The words a statement starts with.
    public static let statementWords = [
        "orders", "calls", "explain", "use", "set", "let", "tasks", "sync", "mirrors",
        "watch", "ping", "help"
    ]
    /// The clauses after a query's output, each at most once, in any order.
    public static let tailClauses = ["order", "limit", "page", "size", "format", "into"]
    /// Words that start or join a clause of a query, for did-you-mean hints.
    public static let clauseWords = [
        "where", "select", "count", "stats", "having", "order", "by", "limit", "page",
        "size", "format", "into", "in", "from", "and", "or", "not", "as", "asc", "desc"
    ]
    /// Words that cannot be a field name.
    public static let reservedNames: Set<String> = ["and", "or", "not", "where", "select", "by", "in", "is"]
    /// Words that cannot be a value after an operator.
    public static let nonValues: Set<String> = ["and", "or", "where", "select", "order", "limit", "by"]
    /// Every keyword of the language, without repeats.
    public static let keywords: [String] = {
        let all =
            statementWords + clauseWords + tailClauses + [
                "task", "file", "stdin", "mirror", "full", "like", "between", "is", "null", "empty", "true", "false",
                "now", "today", "nulls", "first", "last", "every", "frames"
            ]
        var seen = Set<String>()
        return all.filter { seen.insert($0).inserted }
    }()
}
