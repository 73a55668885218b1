// The syntax tree of callq statements, exactly as written (names unresolved,
// values unconverted). Every node carries its source range; `Equatable`
// ignores ranges so a printed-and-reparsed tree compares equal.

/// A statement of §3.1.
public struct Statement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `orders … where … select …`
        case query(Query)
        /// `explain orders …`
        case explain(Query)
        /// `use task 'A', 'B'`
        case useTask([StringLiteral])
        /// `set format = csv`, `set tz = 'Asia/Jakarta'`, `set recheck = on`
        case set(name: Name, value: Value)
        /// `let since = now - 2h`
        case letValue(name: Name, value: Value)
        /// `let recent = (started > now - 1d)`
        case letExpr(name: Name, expr: Expr)
        /// `sync`, `sync task 'A', 'B' full`: bring the local mirror of these tasks (none: the default tasks) up to date
        case sync(tasks: [StringLiteral], full: Bool)
        /// `mirrors`: list the mirrored tasks
        case mirrors
        /// `ping`
        case ping
        /// `help` or `help fields`
        case help(topic: Name?)
        /// `watch every 10s orders from mirror count by status`: re-run a query (SPEC §13.2)
        case watch(WatchClause, Query)
    }
    public var kind: Kind
    public var range: SourceRange
    public init(_ kind: Kind, _ range: SourceRange) { self.kind = kind; self.range = range }
    public static func == (a: Statement, b: Statement) -> Bool { a.kind == b.kind }
    public func hash(into h: inout Hasher) { h.combine(kind) }
}

/// A name as written (a setting, variable, alias or topic).
public struct Name: Sendable, Hashable {
    public var text: String
    public var range: SourceRange
    public init(_ text: String, _ range: SourceRange = .none) { self.text = text; self.range = range }
    public static func == (a: Name, b: Name) -> Bool { a.text == b.text }
    public func hash(into h: inout Hasher) { h.combine(text) }
}

/// A quoted string: `'task-1'`; or, for a task id, a `$variable` holding one.
public struct StringLiteral: Sendable, Hashable {
    public var value: String
    public var range: SourceRange
    /// `$NAME` written in its place (`orders in task $t`): the checker reads the variable's text.
    public var variable: String?
    public init(_ value: String, _ range: SourceRange = .none) { self.value = value; self.range = range }
    public init(variable: String, _ range: SourceRange = .none) { self.value = ""; self.range = range; self.variable = variable }
    public static func == (a: StringLiteral, b: StringLiteral) -> Bool { a.value == b.value && a.variable == b.variable }
    public func hash(into h: inout Hasher) { h.combine(value); h.combine(variable) }
}

/// An integer written in a clause: `limit 10`, `size 50`.
public struct IntLiteral: Sendable, Hashable {
    public var value: Int
    public var range: SourceRange
    public init(_ value: Int, _ range: SourceRange = .none) { self.value = value; self.range = range }
    public static func == (a: IntLiteral, b: IntLiteral) -> Bool { a.value == b.value }
    public func hash(into h: inout Hasher) { h.combine(value) }
}

/// A query of §3.2.
public struct Query: Sendable, Hashable {
    public var source: Source
    public var filter: Expr?
    public var output: Output
    /// `having COND` after `count …`/`stats …` (SPEC §9.2).
    public var having: Expr?
    public var orderBy: [OrderItem]
    public var limit: IntLiteral?
    public var page: PageRange?
    public var size: IntLiteral?
    public var format: Name?
    public var into: StringLiteral?
    /// `orders …` or `calls …` (SPEC §11).
    public var unit: QueryUnit = .orders
    public var range: SourceRange

    public init(
        source: Source, filter: Expr? = nil, output: Output = .rows(nil), orderBy: [OrderItem] = [],
        limit: IntLiteral? = nil, page: PageRange? = nil, size: IntLiteral? = nil,
        format: Name? = nil, into: StringLiteral? = nil, range: SourceRange = .none
    ) {
        self.source = source; self.filter = filter; self.output = output; self.orderBy = orderBy
        self.limit = limit; self.page = page; self.size = size; self.format = format
        self.into = into; self.range = range
    }
    public static func == (a: Query, b: Query) -> Bool {
        a.source == b.source && a.filter == b.filter && a.output == b.output && a.having == b.having && a.orderBy == b.orderBy
            && a.limit == b.limit && a.page == b.page && a.size == b.size && a.format == b.format && a.into == b.into
            && a.unit == b.unit
    }
    public func hash(into h: inout Hasher) { h.combine(source); h.combine(filter) }
}

/// Where a query's orders come from.
public enum Source: Sendable, Hashable {
    /// `orders` (default tasks) or `orders in task 'A', 'B'`
    case api(tasks: [StringLiteral])
    /// `orders from file 'saved.ndjson'`
    case file(StringLiteral)
    /// `orders from stdin`
    case stdin
    /// `tasks …`: the account's tasks (listTask)
    case taskList
    /// `orders from mirror [in task 'A', …]`: the local mirror (SPEC §10)
    case mirror(tasks: [StringLiteral])
}

/// What a query outputs.
public enum Output: Sendable, Hashable {
    /// whole orders (`nil`), or `select status, duration as secs`
    case rows([SelectItem]?)
    /// `select *`: every field of the catalog
    case allFields
    /// `count` or `count by status, hour(started)`
    case count(by: [Term])
    /// `stats count(), avg(duration) by agent`
    case stats([Aggregate], by: [Term])
}

/// `TERM [as NAME]`: `status`, `hour(started) as h`
public struct SelectItem: Sendable, Hashable {
    public var term: Term
    public var alias: Name?
    public var range: SourceRange
    public init(term: Term, alias: Name? = nil, range: SourceRange = .none) {
        self.term = term; self.alias = alias; self.range = range
    }
    public init(field: FieldRef, alias: Name? = nil, range: SourceRange = .none) {
        self.init(term: Term(field), alias: alias, range: range)
    }
    public static func == (a: SelectItem, b: SelectItem) -> Bool { a.term == b.term && a.alias == b.alias }
    public func hash(into h: inout Hasher) { h.combine(term); h.combine(alias) }
}

/// A `stats` item: `count()`, `sum(duration)`, `100 * countif(status = completed) / count() as rate`.
public struct Aggregate: Sendable, Hashable {
    public var term: Term
    public var alias: Name?
    public var range: SourceRange
    public init(term: Term, alias: Name? = nil, range: SourceRange = .none) {
        self.term = term; self.alias = alias; self.range = range
    }
    /// `FUNCTION(FIELD)` or `FUNCTION()`.
    public init(function: Name, field: FieldRef?, alias: Name? = nil, range: SourceRange = .none) {
        self.init(term: Term(.call(function, field.map { [.term(Term($0))] } ?? []), range), alias: alias, range: range)
    }
    public static func == (a: Aggregate, b: Aggregate) -> Bool { a.term == b.term && a.alias == b.alias }
    public func hash(into h: inout Hasher) { h.combine(term) }
}

/// `TERM [asc|desc] [nulls first|last]`
public struct OrderItem: Sendable, Hashable {
    public var term: Term
    public var descending: Bool
    /// `nulls first` (true) or `nulls last` (false) as written; nil when not written (nulls last).
    public var nullsFirst: Bool?
    public var range: SourceRange
    public init(term: Term, descending: Bool = false, nullsFirst: Bool? = nil, range: SourceRange = .none) {
        self.term = term; self.descending = descending; self.nullsFirst = nullsFirst; self.range = range
    }
    public init(field: FieldRef, descending: Bool = false, nullsFirst: Bool? = nil, range: SourceRange = .none) {
        self.init(term: Term(field), descending: descending, nullsFirst: nullsFirst, range: range)
    }
    public static func == (a: OrderItem, b: OrderItem) -> Bool {
        a.term == b.term && a.descending == b.descending && a.nullsFirst == b.nullsFirst
    }
    public func hash(into h: inout Hasher) { h.combine(term); h.combine(descending) }
}

/// `page A` or `page A..B`
public struct PageRange: Sendable, Hashable {
    public var first: IntLiteral
    public var last: IntLiteral?
    public var range: SourceRange { last.map { first.range.union($0.range) } ?? first.range }
    public init(first: IntLiteral, last: IntLiteral? = nil) { self.first = first; self.last = last }
}

/// A field name as written: `status`, `param.city`.
public struct FieldRef: Sendable, Hashable {
    /// The name as written, without the `param.` part.
    public var name: String
    /// For `param.NAME`, the parameter's name.
    public var parameter: String?
    public var range: SourceRange
    public init(_ name: String, parameter: String? = nil, range: SourceRange = .none) {
        self.name = name; self.parameter = parameter; self.range = range
    }
    /// The reference as written back: `status`, `param.city`, `param.'x y'`.
    public var text: String {
        guard let p = parameter else { return name }
        let plain =
            p.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
            && !(p.first.map { ("0"..."9").contains($0) } ?? true)
        return plain ? "\(name).\(p)" : "\(name).'\(Printer.escape(p))'"
    }
    public static func == (a: FieldRef, b: FieldRef) -> Bool {
        a.name.lowercased() == b.name.lowercased() && a.parameter == b.parameter
    }
    public func hash(into h: inout Hasher) { h.combine(name.lowercased()); h.combine(parameter) }
}
