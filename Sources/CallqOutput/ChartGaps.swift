// Time order and empty buckets for `format chart` (SPEC §9.4): when the first
// group key is a time bucket (`day`, `week`, `month`, `hour`, `bin` of a
// time), groups are put in time order and every bucket between the first and
// the last that has no group is added as a zero row, so gaps show. Steps come
// from BucketCalendar in the session zone, exact across DST changes.
import CallqJSON

/// One group of a chart: its key values and the value drawn.
struct ChartRow: Sendable, Hashable {
    var keys: [JSONValue]
    var value: JSONValue
}

/// Orders chart rows by a time-bucket key and fills the gaps between buckets.
enum ChartGaps {
    /// The most zero rows a chart gets; when more buckets are empty, none are added.
    static let maximumAdded = 10_000

    /// The rows in time order with zero rows for empty buckets, and whether
    /// gaps had to be left out (more than `limit` zero rows would be needed).
    ///
    /// With more than one key, the other keys' combinations (in the order they
    /// first appear) are repeated in every bucket from the first to the last, so
    /// each combination's series has a row per bucket. Rows whose first key is
    /// not a number (null) come last, as they were.
    static func fill(
        _ rows: [ChartRow], step: BucketStep, calendar: BucketCalendar,
        limit: Int = maximumAdded
    ) -> (rows: [ChartRow], gapsLeftOut: Bool) {
        var timed: [(bucket: Int, row: ChartRow)] = []
        var untimed: [ChartRow] = []
        for row in rows {
            if let b = row.keys.first?.intValue { timed.append((b, row)) } else { untimed.append(row) }
        }
        guard let lo = timed.map(\.bucket).min(), let hi = timed.map(\.bucket).max() else { return (rows, false) }

        var combos: [[JSONValue]] = []
        var seenCombos: Set<[JSONValue]> = []
        var byCell: [Cell: [ChartRow]] = [:]
        for (b, row) in timed {
            let rest = Array(row.keys.dropFirst())
            if seenCombos.insert(rest).inserted { combos.append(rest) }
            byCell[Cell(bucket: b, rest: rest), default: []].append(row)
        }

        // Every bucket from lo to hi on the grid, plus any value off the grid.
        var buckets = Set(timed.map(\.bucket))
        var gapsLeftOut = false
        var b = lo
        while b < hi {
            let following = calendar.next(after: b, step: step)
            guard following > b else { break }
            b = following
            if b < hi { buckets.insert(b) }
            if buckets.count * combos.count - timed.count > limit { gapsLeftOut = true; break }
        }
        if gapsLeftOut { buckets = Set(timed.map(\.bucket)) }

        var out: [ChartRow] = []
        out.reserveCapacity(buckets.count * combos.count + untimed.count)
        for bucket in buckets.sorted() {
            for rest in combos {
                if let found = byCell[Cell(bucket: bucket, rest: rest)] {
                    out += found
                } else if !gapsLeftOut {
                    out.append(ChartRow(keys: [.int(bucket)] + rest, value: .int(0)))
                }
            }
        }
        return (out + untimed, gapsLeftOut)
    }

    struct Cell: Hashable {
        var bucket: Int
        var rest: [JSONValue]
    }
}
