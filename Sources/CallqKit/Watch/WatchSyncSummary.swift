// What a watch frame's sync did, as its header says it. The adapter point between the
// watch and the mirror's sync report: the sync lane's change counts (`25 new, 60
// finished, 3 changed, 1 gone`) are read here, and only here, once SyncReport has them.
import CallqMirror

/// The header's words for one task's sync.
enum WatchSyncSummary {
    /// `512 orders (31 unfinished)`, with the task's name when the watch syncs several and
    /// the kind when the sync was not incremental (`full`, `incremental + finished re-read`).
    ///
    /// ADAPTER POINT (issue 29 item 2): when SyncReport carries the counts of what the sync
    /// changed, return them here instead of the totals (`25 new, 60 finished`), keeping
    /// the task prefix and the kind.
    static func text(_ report: SyncReport, tasks: Int) -> String {
        var text = tasks > 1 ? "\(report.task): " : ""
        text += "\(report.orders) orders (\(report.unfinished) unfinished)"
        if report.kind != .incremental { text += ", \(report.kind.rawValue)" }
        return text
    }
}
