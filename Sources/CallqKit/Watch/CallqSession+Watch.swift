// `watch [every D] [frames N] QUERY` (SPEC §13.2): runs the query, then again every D,
// until Ctrl-C (or N frames). Each frame prepares the query afresh (so `now` is the
// frame's time), syncs a `from mirror` query's tasks first, and is drawn in place on
// a terminal (WatchScreen) or written with `frame`/`at` to a pipe (WatchStream). A
// failure after the first frame is shown and the watch goes on.
import CallqEngine
import CallqOutput
import CallqPlanner
import CallqSemantics
import Foundation

extension CallqSession {
    /// Runs a watch until Ctrl-C cancels it (then it returns normally) or its frames are done.
    func watch(_ spec: WatchSpec, first: PreparedStatement) async throws {
        let target =
            redirect.map { OutputTarget(sink: $0, isTerminal: false, terminalWidth: nil, progressAllowed: false) } ?? output
        // Progress lines would draw over the frame (and scroll the window): none while watching.
        let progress = state.settings.progress
        state.settings.progress = false
        defer { state.settings.progress = progress }
        let format = first.plan?.output.format(terminal: target.isTerminal) ?? (target.isTerminal ? .table : .ndjson)
        var screen: WatchScreen? = target.isTerminal ? WatchScreen(width: 80, height: 24) : nil
        var stream: WatchStream? =
            target.isTerminal ? nil : WatchStream(sink: target.sink, format: format, timeZone: settings.timeZone)
        var previous: WatchResult?
        var frame = 0
        while !Task.isCancelled {
            if let limit = spec.frames, frame >= limit { break }
            frame += 1
            let began = ContinuousClock.now
            let at = Date()
            var outcome: WatchFrame
            do {
                outcome = try await watchFrame(frame == 1 ? first : try prepare(spec.queryText), format: format)
            } catch {
                if Task.isCancelled { break }
                let failure = CallqSession.classify(error, text: spec.queryText, origin: nil)
                if frame == 1 { throw failure }  // the query cannot run at all: no watch
                outcome = WatchFrame(result: nil, requests: 0, sync: nil, failure: failure.message)
            }
            if screen != nil {
                screen!.width = target.terminalWidth ?? 80
                screen!.height = target.screen(pager: false, autoExpand: false)?.rows ?? 24
                let header = WatchScreen.header(
                    interval: Self.intervalText(spec.interval), frame: frame,
                    time: Self.clockText(at, timeZone: settings.timeZone),
                    requests: outcome.requests, sync: outcome.sync)
                let top = [header + (outcome.failure.map { " · failed: " + Self.firstLine($0) } ?? ""), spec.queryText, ""]
                // A failed frame shows the last rows it has, unmarked, under the failure.
                let body =
                    try (outcome.result ?? previous).map {
                        try screen!.body(
                            $0, previous: outcome.result == nil ? nil : previous, format: format, timeZone: settings.timeZone)
                    } ?? []
                try target.sink.write(screen!.draw(screen!.fit(header: top, body: body)))
                try target.sink.flush()
            } else if let result = outcome.result {
                try stream!.write(frame: frame, at: Int(at.timeIntervalSince1970), result)
            } else if let failure = outcome.failure {
                warn("watch: frame \(frame) failed: \(failure)")
            }
            if let result = outcome.result { previous = result }
            if let limit = spec.frames, frame >= limit { break }
            do { try await Task.sleep(until: began + .milliseconds(Int(spec.interval * 1000)), clock: .continuous) } catch {
                break
            }
        }
    }

    /// One frame: the `from mirror` tasks synced, then the query run and its rows kept.
    func watchFrame(_ prepared: PreparedStatement, format: OutputFormat) async throws -> WatchFrame {
        guard let plan = prepared.plan else { throw CallqError(.usage, "watch takes a query") }
        var requests = 0
        var sync: [String] = []
        if let scan = plan.mirror {
            let (store, account) = try mirror()
            for task in scan.tasks {
                let report = try await syncTask(task, full: false, store: store, account: account)
                requests += report.requests
                sync.append(WatchSyncSummary.text(report, tasks: scan.tasks.count))
            }
        }
        let context = try await executionContext(for: plan)
        let run = QueryRun(plan: plan, context: context, delivery: .written(format))
        var rows: [OutputRow] = []
        for try await batch in run { for row in batch { rows.append(row.outputRow) } }
        requests += run.statistics.snapshot.requests
        remember(tasks: plan.tasks.map(\.userTaskID))
        var keys: Int?
        if case .groups(let k, _, _, _) = plan.shape { keys = k.count }
        return WatchFrame(
            result: WatchResult(columns: run.columns, rows: rows, groupKeys: keys), requests: requests,
            sync: sync.isEmpty ? nil : sync.joined(separator: "; "), failure: nil)
    }

    /// `200ms`, `10s`, `1m`.
    static func intervalText(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? SettingValueText.seconds(seconds) : "\(Int((seconds * 1000).rounded()))ms"
    }

    /// The frame's time of day in the session zone: `14:05:10`.
    static func clockText(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: true).first ?? "")
    }
}

/// What one frame of a watch produced.
struct WatchFrame: Sendable {
    /// The rows (nil when the frame failed).
    var result: WatchResult?
    /// Requests the frame spent: its sync's and its query's.
    var requests: Int
    /// What the frame's sync did, for the header.
    var sync: String?
    /// Why the frame failed.
    var failure: String?
}
