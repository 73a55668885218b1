// What a sync changed in the mirror (SPEC §13.1): the counts its line prints —
// `25 new, 60 finished, 3 changed, 1 gone` — and, for `--verbose` and `watch`,
// the same per step and for call attempts.

/// What one sync changed in a task's mirror.
public struct SyncChanges: Sendable, Hashable {
    /// Orders stored for the first time.
    public var new = 0
    /// Orders held unfinished (or without `finish`) that became finished.
    public var finished = 0
    /// Other held orders whose bytes changed.
    public var changed = 0
    /// Orders the server no longer has, removed from the mirror.
    public var gone = 0
    /// Call attempts stored for the first time (a mirror that keeps attempts).
    public var newAttempts = 0
    /// Held call attempts whose bytes changed.
    public var changedAttempts = 0

    public init() {}

    /// `25 new, 60 finished, 3 changed, 1 gone` (attempts follow when there are any).
    public var text: String {
        var out = "\(new.grouped) new, \(finished.grouped) finished, \(changed.grouped) changed, \(gone.grouped) gone"
        if newAttempts + changedAttempts > 0 {
            out += " (attempts: \(newAttempts.grouped) new, \(changedAttempts.grouped) changed)"
        }
        return out
    }
}

/// What the final transaction of a sync did.
struct AppliedSync {
    var orders: Int
    var unfinished: Int
    var changes: SyncChanges
    /// Per listing applied (incremental: unfinished orders, by id, the first page, …): orders it
    /// added (`new`), whose bytes it replaced (`changed`) and that it removed (`gone`).
    var steps: [(String, SyncChanges)]
    /// The sync's time: the `seen`/`changed` of what it stored, and the task's `synced_at`.
    var stamp: Int
}

extension Int {
    /// `5,022`: digits grouped by thousands, whatever the locale.
    var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + out
    }
}
