import Synchronization

// Progress on stderr while a query pages through the API:
// `pages 3/20 · 300 rows · 1,250 rows/s` (for count, stats and sorts, which show
// nothing until the end, the orders read: `300 orders read`), redrawn in place at most ten times
// a second, erased before other output and at the end. Silent unless stderr
// is a terminal.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A one-line progress display on a terminal, safe to update from concurrent tasks.
///
/// Draws nothing unless it is enabled and its descriptor is a terminal, and
/// nothing before a second page is done: a query answered by one request (a
/// `limit` that page 1 fills, though more pages exist) never flashes a line.
/// `update` redraws at most every
/// 100 ms (a forced update always draws). On a terminal the line is drawn
/// through `SharedTerminal`: any other output to the same terminal erases it
/// first, and the next `update` draws it again once that output has ended its
/// line. `clear` erases the line now; `finish` erases it for good.
public final class ProgressLine: Sendable {
    struct State: Sendable {
        var pagesDone = 0
        var pagesTotal: Int? = nil
        var rows = 0
        var lastDraw: ContinuousClock.Instant? = nil
        var shown = false
        var finished = false
    }

    /// Where the line is drawn.
    enum Display: Sendable {
        /// A terminal, shared with all other output through `SharedTerminal`.
        case terminal(Int32)
        /// Raw bytes to a callback (tests, other hosts): `\r`, erase line, text.
        case bytes(@Sendable ([UInt8]) -> Void)
    }

    /// What the middle figure counts.
    public enum Counted: Sendable, Equatable {
        /// Result rows so far: `300 rows · 1,250 rows/s`.
        case rows
        /// Records read so far, for a query that shows nothing before it has read them all
        /// (`count`, `stats`, `order by`): `.read("order")` gives `300 orders read · 1,250 orders/s`.
        case read(String)
    }

    let active: Bool
    let start: ContinuousClock.Instant
    let display: Display
    let counted: Counted
    let state = Mutex(State())
    /// Minimum time between two redraws.
    static let interval = Duration.milliseconds(100)

    /// Progress on `fileDescriptor` (stderr by default), when `enabled` and it is a terminal.
    public init(enabled: Bool, fileDescriptor: Int32 = 2, counting counted: Counted = .rows) {
        self.active = enabled && isatty(fileDescriptor) == 1
        self.display = .terminal(fileDescriptor)
        self.counted = counted
        self.start = .now
        if active { SharedTerminal.begin(ObjectIdentifier(self)) }
    }

    /// Progress that draws through `output` whenever `active` (for tests and other hosts).
    init(active: Bool, counting counted: Counted = .rows, output: @escaping @Sendable ([UInt8]) -> Void) {
        self.active = active
        self.display = .bytes(output)
        self.counted = counted
        self.start = .now
    }

    deinit {
        if active, case .terminal = display { SharedTerminal.eraseStatus(ObjectIdentifier(self), end: true) }
    }

    /// Whether anything will ever be drawn.
    public var isActive: Bool { active }

    /// Records progress and redraws if the last redraw is 100 ms old (or `force`).
    public func update(pagesDone: Int, pagesTotal: Int?, rows: Int, force: Bool = false) {
        guard active else { return }
        let now = ContinuousClock.now
        state.withLock { s in
            guard !s.finished else { return }
            s.pagesDone = pagesDone
            s.pagesTotal = pagesTotal
            s.rows = rows
            if pagesDone < 2 { return }
            if !force, let last = s.lastDraw, now - last < Self.interval { return }
            let text = Self.text(
                pagesDone: pagesDone, pagesTotal: pagesTotal, rows: rows, elapsed: now - start,
                counting: counted)
            switch display {
            case .terminal(let fd):
                guard SharedTerminal.drawStatus(ObjectIdentifier(self), fd: fd, text: text) else { return }
            case .bytes(let output):
                output(SharedTerminal.eraseSequence + Array(text.utf8))
            }
            s.lastDraw = now
            s.shown = true
        }
    }

    /// Erases the line now; the next `update` draws it again.
    public func clear() {
        guard active else { return }
        state.withLock { s in
            guard s.shown else { return }
            s.shown = false
            s.lastDraw = nil
            switch display {
            case .terminal: SharedTerminal.eraseStatus(ObjectIdentifier(self))
            case .bytes(let output): output(SharedTerminal.eraseSequence)
            }
        }
    }

    /// Erases the line and stops drawing.
    public func finish() {
        guard active else { return }
        clear()
        state.withLock { $0.finished = true }
        if case .terminal = display { SharedTerminal.eraseStatus(ObjectIdentifier(self), end: true) }
    }

    /// `pages 3/20 · 300 rows · 1,250 rows/s` (total `?` when unknown, no rate before any time passed);
    /// `rows` is what `counting` says (`pages 3/20 · 300 orders read · 1,250 orders/s`).
    public static func text(
        pagesDone: Int, pagesTotal: Int?, rows: Int, elapsed: Duration,
        counting: Counted = .rows
    ) -> String {
        let total = pagesTotal.map(grouped) ?? "?"
        let (one, many, suffix) =
            switch counting {
            case .rows: ("row", "rows", "")
            case .read(let noun): (noun, noun + "s", " read")
            }
        var text = "pages \(grouped(pagesDone))/\(total) · \(grouped(rows)) \(rows == 1 ? one : many)\(suffix)"
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if seconds >= 0.05 {
            text += " · \(grouped(Int((Double(rows) / seconds).rounded()))) \(many)/s"
        }
        return text
    }

    /// `1250000` → `1,250,000`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
