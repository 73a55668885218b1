// Checking `watch` (SPEC §13.2): the interval in range, the query checked as any
// query (so an error stops the watch before its first frame), and `into` refused —
// each frame goes to the screen or standard output.
import CallqSyntax

/// What a checked `watch` runs: how often, how many frames, and the query's text,
/// which is prepared again for every frame (so `now` is the frame's time).
public struct WatchSpec: Sendable, Hashable {
    /// The default interval, as `watch(1)`'s two seconds is for it.
    public static let defaultInterval = 10.0
    /// Seconds between the starts of two frames.
    public var interval: Double
    /// Stop after this many frames; nil: until Ctrl-C.
    public var frames: Int?
    /// The query as callq text (canonical), prepared again for each frame.
    public var queryText: String

    public init(interval: Double, frames: Int?, queryText: String) {
        self.interval = interval; self.frames = frames; self.queryText = queryText
    }
}

extension Checker {
    /// watch := `watch` [`every` D] [`frames` N] query, checked.
    mutating func checkWatch(_ w: WatchClause, _ q: Query) throws(Diagnostic) -> CheckedStatement {
        let interval = w.every ?? WatchSpec.defaultInterval
        guard interval >= 0.1, interval <= 86_400 else {
            throw Diagnostic(
                .invalidClause, "a watch runs at most every 100ms and at least once a day", at: w.range,
                hint: "every 10s is the default")
        }
        if let into = q.into {
            throw Diagnostic(
                .invalidClause, "a watch writes each frame to the screen or to standard output, not `into` a file",
                at: into.range, hint: "leave out `into` and redirect: callq -c \"watch …\" > frames.ndjson")
        }
        let checked = try checkQuery(q)
        return .watch(WatchSpec(interval: interval, frames: w.frames?.value, queryText: Printer.print(q)), checked)
    }
}
