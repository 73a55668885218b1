// `order by` over several keys: a stable full sort when there is no limit, and a
// bounded top-N heap (memory O(N)) when there is one. Ties keep arrival order.
import CallqJSON

/// Collects items with precomputed sort keys and returns them in order.
public struct RowSorter<Item> {
    private struct Entry {
        var keys: [JSONValue]
        var seq: Int
        var item: Item
    }

    private let directions: [Bool]
    private let limit: Int?
    private var entries: [Entry] = []
    private var seq = 0

    /// `descending[i]` is the direction of key i; `limit` keeps only the first N.
    public init(descending: [Bool], limit: Int?) {
        self.directions = descending
        self.limit = limit
    }

    /// Whether entry `a` comes before `b` in the final order.
    private func before(_ a: Entry, _ b: Entry) -> Bool {
        for (k, desc) in directions.enumerated() {
            let c = ValueOrdering.compare(a.keys[k], b.keys[k])
            if c != 0 {
                // Nulls stay last ascending and first descending, as in PostgreSQL.
                return desc ? c > 0 : c < 0
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

    /// The items in final order.
    public func sorted() -> [Item] {
        entries.sorted(by: before).map(\.item)
    }

    public var count: Int { entries.count }
}
