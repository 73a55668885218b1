// `order by` over several keys: a stable full sort when there is no limit, and a
// bounded top-N heap (memory O(N)) when there is one. Ties keep arrival order;
// nulls go last in both directions unless a key asks for them first.
import CallqJSON
import CallqSemantics

/// Collects items with precomputed sort keys and returns them in order.
public struct RowSorter<Item> {
    private struct Entry {
        var keys: [JSONValue]
        var seq: Int
        var item: Item
    }

    /// Per key: descending, nulls first.
    private let directions: [(descending: Bool, nullsFirst: Bool)]
    private let limit: Int?
    private var entries: [Entry] = []
    private var seq = 0

    /// Sorts by keys in the directions of `keys`; `limit` keeps only the first N.
    public init(keys: [SortKey], limit: Int?) {
        self.directions = keys.map { ($0.descending, $0.nullsFirst) }
        self.limit = limit
    }

    /// Whether entry `a` comes before `b` in the final order.
    private func before(_ a: Entry, _ b: Entry) -> Bool {
        for (k, d) in directions.enumerated() {
            let x = a.keys[k], y = b.keys[k]
            switch (x.isNull, y.isNull) {
            case (true, true): continue
            case (true, false): return d.nullsFirst
            case (false, true): return !d.nullsFirst
            case (false, false):
                let c = ValueOrdering.compare(x, y)
                if c != 0 { return d.descending ? c > 0 : c < 0 }
            }
        }
        return a.seq < b.seq
    }

    public mutating func add(_ item: Item, keys: [JSONValue]) {
        let e = Entry(keys: keys, seq: seq, item: item)
        seq += 1
        guard let limit else { entries.append(e); return }
        if limit == 0 { return }
        if entries.count < limit {
            entries.append(e)
            siftUp(entries.count - 1)
        } else if before(e, entries[0]) {
            entries[0] = e
            siftDown(0)
        }
    }

    /// Max-heap on "comes later": the root is the entry that would be dropped first.
    private func later(_ i: Int, _ j: Int) -> Bool { before(entries[j], entries[i]) }

    private mutating func siftUp(_ i: Int) {
        var c = i
        while c > 0 {
            let p = (c - 1) / 2
            guard later(c, p) else { return }
            entries.swapAt(c, p)
            c = p
        }
    }

    private mutating func siftDown(_ i: Int) {
        var p = i
        while true {
            let l = 2 * p + 1, r = l + 1
            var m = p
            if l < entries.count, later(l, m) { m = l }
            if r < entries.count, later(r, m) { m = r }
            if m == p { return }
            entries.swapAt(p, m)
            p = m
        }
    }

    /// The items in final order; a cancelled task stops it (CancellationError) within a run's time.
    ///
    /// Runs of `runLength` entries are sorted one at a time, then merged pairwise,
    /// with a cancellation check between runs and every `runLength` merged entries:
    /// a sort of millions of rows stops at Ctrl-C instead of finishing first.
    public func sorted() throws(CancellationError) -> [Item] {
        let runLength = 16_384
        if entries.count <= runLength { return entries.sorted(by: before).map(\.item) }
        var runs: [[Entry]] = []
        var start = 0
        while start < entries.count {
            if Task.isCancelled { throw CancellationError() }
            let end = min(start + runLength, entries.count)
            runs.append(entries[start..<end].sorted(by: before))
            start = end
        }
        while runs.count > 1 {
            var merged: [[Entry]] = []
            merged.reserveCapacity((runs.count + 1) / 2)
            var i = 0
            while i < runs.count {
                if i + 1 < runs.count {
                    merged.append(try merge(runs[i], runs[i + 1], checkEvery: runLength))
                } else {
                    merged.append(runs[i])
                }
                i += 2
            }
            runs = merged
        }
        return runs[0].map(\.item)
    }

    /// Two sorted runs as one (stable: ties take `a`'s entry first).
    private func merge(_ a: [Entry], _ b: [Entry], checkEvery: Int) throws(CancellationError) -> [Entry] {
        var out: [Entry] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if out.count % checkEvery == 0, Task.isCancelled { throw CancellationError() }
            if before(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    public var count: Int { entries.count }
}
