// A zone's UTC offset at a given time, cached: asking Foundation for every
// time cell costs about a microsecond, and a result's times cluster within a
// few weeks, so 15-minute slices with one offset are looked up once. The cache
// is a direct-mapped table of atomic words (slice number and offset packed in
// one), so parallel scan workers share it without taking a lock.
import Foundation
import Synchronization

/// Memoized `TimeZone.secondsFromGMT(for:)`, exact across transitions.
public final class ZoneOffsets: Sendable {
    public let timeZone: TimeZone
    static let slice = 900
    /// Slots of the table (a power of two): 4096 slices are 42 days.
    static let slots = 4096
    /// Offsets are within ±26 h, so offset + bias fits the low 24 bits; the slice number takes the rest.
    static let bias = 1 << 23
    static let empty = UInt64.max
    static let keyRange = -(1 << 38)..<(1 << 38)
    nonisolated(unsafe) let table: UnsafeMutablePointer<Atomic<UInt64>>

    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
        table = .allocate(capacity: Self.slots)
        for i in 0..<Self.slots { (table + i).initialize(to: Atomic(Self.empty)) }
    }

    deinit {
        table.deinitialize(count: Self.slots)
        table.deallocate()
    }

    /// The offset in seconds east of UTC at Unix time `epoch`.
    ///
    /// A slice is cached only when its first and last second have the same
    /// offset (no transition inside it; zones change at most once per 15 min).
    public func offset(at epoch: Int) -> Int {
        let key = epoch >= 0 ? epoch / Self.slice : (epoch - Self.slice + 1) / Self.slice
        let slot = key & (Self.slots - 1)
        let word = table[slot].load(ordering: .relaxed)
        if word != Self.empty, Int64(bitPattern: word) >> 24 == Int64(key) { return Int(word & 0xFF_FFFF) - Self.bias }
        let start = key * Self.slice
        let first = lookup(start)
        let last = lookup(start + Self.slice - 1)
        guard first == last else { return lookup(epoch) }
        if Self.keyRange.contains(key), abs(first) < Self.bias - 1 {
            table[slot].store(UInt64(bitPattern: Int64(key) << 24) | UInt64(first + Self.bias), ordering: .relaxed)
        }
        return first
    }

    func lookup(_ epoch: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epoch)))
    }
}
