// The set of orderIDs a scan has already delivered, kept compact so that
// de-duplicating a long scan costs a few bytes per order instead of a String
// object each: the UTF-8 bytes of every id live end to end in one arena, and an
// open-addressing table (linear probing, at most half full) holds id numbers.
// Membership is exact: ids are compared byte for byte, never by hash alone.

/// An insert-only set of order ids.
public struct OrderIDSet: Sendable {
    /// Every inserted id's bytes, end to end.
    private var arena: [UInt8] = []
    /// Where id k ends in `arena` (it starts where id k-1 ends).
    private var ends: [UInt32] = []
    /// 0 = empty slot; k + 1 = id k. The count is a power of two.
    private var table = [UInt32](repeating: 0, count: 64)

    public init() {}

    /// How many distinct ids the set holds.
    public var count: Int { ends.count }

    /// Adds `id`; false when it was already there.
    public mutating func insert(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { insert(bytes: $0) }
    }

    private mutating func insert(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if (ends.count + 1) * 2 > table.count { grow() }
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            if equals(Int(entry) - 1, bytes) { return false }
            slot = (slot + 1) & mask
        }
        arena.append(contentsOf: bytes)
        ends.append(UInt32(arena.count))
        table[slot] = UInt32(ends.count)
        return true
    }

    private func range(_ k: Int) -> Range<Int> {
        (k == 0 ? 0 : Int(ends[k - 1]))..<Int(ends[k])
    }

    private func equals(_ k: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = range(k)
        guard r.count == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            var i = 0
            while i < bytes.count {
                if a[r.lowerBound + i] != bytes[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// Doubles the table and re-inserts every id number.
    private mutating func grow() {
        var bigger = [UInt32](repeating: 0, count: table.count * 2)
        let mask = bigger.count - 1
        arena.withUnsafeBufferPointer { a in
            for k in 0..<ends.count {
                let r = range(k)
                var slot = Int(truncatingIfNeeded: Self.hash(UnsafeBufferPointer(rebasing: a[r]))) & mask
                while bigger[slot] != 0 { slot = (slot + 1) & mask }
                bigger[slot] = UInt32(k + 1)
            }
        }
        table = bigger
    }

    /// FNV-1a, 64-bit, with a final mix so that low bits depend on every byte.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
