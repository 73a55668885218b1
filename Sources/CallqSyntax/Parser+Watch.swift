// Grammar rule for `watch` (SPEC §13.2): `watch [every DURATION] [frames N] QUERY`.
// The interval is a duration literal (`10s`, `1m`, `200ms`); `frames N` stops after
// N frames (as psql's `\watch count=N`); the query is any query.

/// The `every …` and `frames …` parts of a `watch` statement.
public struct WatchClause: Sendable, Hashable {
    /// Seconds between frames as written (`every 200ms` is 0.2); nil: not written (10 s).
    public var every: Double?
    /// The interval as written (`200ms`, `10s`), for printing back.
    public var everyText: String?
    /// `frames N`: stop after N frames; nil: until Ctrl-C.
    public var frames: IntLiteral?
    public var range: SourceRange

    public init(every: Double? = nil, everyText: String? = nil, frames: IntLiteral? = nil, range: SourceRange = .none) {
        self.every = every; self.everyText = everyText; self.frames = frames; self.range = range
    }
    public static func == (a: WatchClause, b: WatchClause) -> Bool { a.every == b.every && a.frames == b.frames }
    public func hash(into h: inout Hasher) { h.combine(every); h.combine(frames) }
}

extension Parser {
    /// watch := `watch` (`every` DURATION)? (`frames` INTEGER)? query
    mutating func watchStatement() throws(Diagnostic) -> Statement {
        let start = advance().range
        var clause = WatchClause(range: start)
        if accept(word: "every") != nil {
            switch current.kind {
            case .duration(let seconds, let text) where seconds > 0:
                clause.every = Double(seconds); clause.everyText = text
            case .decimal(let seconds, let text) where text.lowercased().hasSuffix("ms") && seconds > 0:
                clause.every = seconds; clause.everyText = text
            default:
                throw Diagnostic(
                    atEnd ? .missingValue : .unexpectedToken,
                    "expected a duration after `every`, found \(current.display)", at: current.range,
                    hint: "write it with its unit: every 10s, every 1m, every 500ms")
            }
            _ = advance()
        }
        if accept(word: "frames") != nil {
            guard case .integer(let n) = current.kind, n > 0 else {
                throw Diagnostic(
                    atEnd ? .missingValue : .unexpectedToken,
                    "expected a number of frames after `frames`, found \(current.display)",
                    at: current.range, hint: "frames 3 stops after the third frame")
            }
            clause.frames = IntLiteral(n, advance().range)
        }
        clause.range = range(from: start)
        guard current.isWord("orders") || current.isWord("order") || current.isWord("calls") || current.isWord("tasks") else {
            for w in ["orders", "calls", "tasks"] { note(.word(w)) }
            throw unexpected(
                "expected a query (`orders …`, `calls …` or `tasks …`) to watch", suggest: ["orders", "calls", "every", "frames"])
        }
        return Statement(.watch(clause, try query()), range(from: start))
    }
}

extension Printer {
    /// `every 10s frames 3 ` (each part followed by a space), or nothing.
    public static func print(_ w: WatchClause) -> String {
        var out = ""
        if let text = w.everyText { out += "every \(text) " }
        if let n = w.frames { out += "frames \(n.value) " }
        return out
    }
}
