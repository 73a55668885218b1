// What a watch frame's sync did, as its header says it: the mirror's sync report
// (totals and what the sync changed: `25 new, 60 finished, 3 changed, 1 gone`) read
// here, and only here.
import CallqMirror

/// The header's words for one task's sync.
enum WatchSyncSummary {
    /// `3 new, 2 finished, 0 changed, 0 gone; 512 orders (31 unfinished)`: what moved first (a
    /// narrow window cuts the end of the header), with the task's name when the watch syncs
    /// several and the kind when the sync was not incremental (`full`, `incremental + finished re-read`).
    static func text(_ report: SyncReport, tasks: Int) -> String {
        var text = tasks > 1 ? "\(report.task): " : ""
        text += "\(report.changes.text); \(report.orders) orders (\(report.unfinished) unfinished)"
        if report.kind != .incremental { text += ", \(report.kind.rawValue)" }
        return text
    }
}
