// Drives a query run into a writer (its format settled by the checker, or auto
// settled for the terminal by the session), writes to stdout or through a
// temporary file renamed into place, flushes after every page so a downstream
// reader sees rows early. Bytes reach a terminal through SharedTerminal, which
// erases the progress line on stderr first.
import CallqEngine
import CallqOutput
import CallqPlanner
import CallqSemantics
import Foundation

/// Where results go when no `into` is given.
public struct OutputTarget: Sendable {
    /// Where a table's width comes from.
    enum WidthSource: Sendable {
        case fixed(Int?)
        /// Read from this terminal each time it is asked for (the window may have been resized).
        case terminal(Int32)
    }

    public var sink: OutputSink
    public var isTerminal: Bool
    var widthSource: WidthSource
    /// Progress may be drawn on stderr (a terminal, and not disabled).
    public var progressAllowed: Bool

    public init(sink: OutputSink, isTerminal: Bool, terminalWidth: Int?, progressAllowed: Bool) {
        self.sink = sink
        self.isTerminal = isTerminal
        self.widthSource = .fixed(terminalWidth)
        self.progressAllowed = progressAllowed
    }

    /// The width tables are fitted to, read anew on every use for a terminal
    /// (so each statement fits the window as it is now); setting it fixes it.
    public var terminalWidth: Int? {
        get {
            switch widthSource {
            case .fixed(let width): return width
            case .terminal(let fd): return Terminal.width(fd)
            }
        }
        set { widthSource = .fixed(newValue) }
    }

    /// Standard output, with terminal facts read from the process.
    public static func standardOutput(progress: Bool) -> OutputTarget {
        let tty = Terminal.isTerminal(1)
        var target = OutputTarget(
            sink: .standardOutput, isTerminal: tty, terminalWidth: nil,
            progressAllowed: progress && Terminal.isTerminal(2))
        target.widthSource = tty ? .terminal(1) : .fixed(Terminal.width(1))
        return target
    }

    /// The terminal a result on this target is shown on (nil unless it is a terminal): its
    /// height, the pager unless `pager` is off, and whether a too-wide table may be expanded.
    public func screen(pager: Bool, autoExpand: Bool) -> OutputOptions.Screen? {
        guard isTerminal, case .terminal(let fd) = widthSource, let rows = Terminal.height(fd) else { return nil }
        return OutputOptions.Screen(rows: rows, pager: pager ? Pager.command() : nil, autoExpand: autoExpand)
    }

    /// An in-memory target (embedding, tests).
    public static func memory(width: Int? = nil) -> OutputTarget {
        OutputTarget(sink: .memory(), isTerminal: false, terminalWidth: width, progressAllowed: false)
    }
}

/// Writes query results.
public enum ResultPrinter {
    /// Writes every row of `run`; returns the run's statistics.
    public static func print(
        _ run: QueryRun, format: OutputFormat, into path: String?, target: OutputTarget,
        timeZone: TimeZone, noun: String, started: ContinuousClock.Instant,
        screen: OutputOptions.Screen? = nil
    ) async throws -> RunStatistics {
        let sink = try path.map { p throws(OutputError) in try OutputSink.file(atPath: p) } ?? target.sink
        // Read now, not when the session started: the window may have been resized since.
        var options = OutputOptions(
            format: format, timeZone: timeZone,
            terminalWidth: path == nil ? target.terminalWidth : nil,
            footer: format == .table && path == nil, noun: noun)
        options.chart = run.plan.output.chart
        if path == nil { options.screen = screen }
        var writer = makeWriter(options, sink: sink)
        do {
            try writer.begin(columns: run.columns)
            for try await batch in run {
                for row in batch { try writer.write(row.outputRow) }
                try sink.flush()
            }
            let stats = run.statistics.snapshot
            let seconds = (ContinuousClock.now - started).inSeconds
            try writer.finish(OutputSummary(rows: stats.rows, requests: stats.requests, seconds: seconds))
            if path != nil { try sink.commit() }
            return stats
        } catch {
            if path != nil { sink.abort() } else { try? sink.flush() }
            throw error
        }
    }
}
