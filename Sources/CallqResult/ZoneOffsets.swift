// A zone's UTC offset at a given time, cached: asking Foundation for every
// time cell costs about a microsecond, and a result's times cluster within a
// few hours, so 15-minute slices with one offset are looked up once. The slice
// asked last is also kept in one atomic word, so rows in time order (the usual
// case) take no lock: parallel scan workers would otherwise queue on the mutex.
import Foundation
import Synchronization

/// Memoized `TimeZone.secondsFromGMT(for:)`, exact across transitions.
public final class ZoneOffsets: Sendable {
    public let timeZone: TimeZone
    let cache = Mutex<[Int: Int]>([:])
    /// The last slice looked up and its offset, packed by `pack` (`empty` before the first).
    let last = Atomic<UInt64>(ZoneOffsets.empty)
    static let slice = 900
    static let capacity = 4096

    public init(_ timeZone: TimeZone) { self.timeZone = timeZone }

    /// The offset in seconds east of UTC at Unix time `epoch`.
    ///
    /// A slice is cached only when its first and last second have the same
    /// offset (no transition inside it; zones change at most once per 15 min).
    public func offset(at epoch: Int) -> Int {
        let key = epoch >= 0 ? epoch / Self.slice : (epoch - Self.slice + 1) / Self.slice
        let word = last.load(ordering: .relaxed)
        if word != Self.empty, Int64(bitPattern: word) >> 24 == Int64(key) { return Int(word & 0xFF_FFFF) - Self.bias }
        if let hit = cache.withLock({ $0[key] }) { remember(key, hit); return hit }
        let start = key * Self.slice
        let first = lookup(start)
        let last = lookup(start + Self.slice - 1)
        guard first == last else { return lookup(epoch) }
        cache.withLock { c in
            if c.count >= Self.capacity { c.removeAll(keepingCapacity: true) }
            c[key] = first
        }
        remember(key, first)
        return first
    }

    /// Offsets are within ±26 h, so offset + bias fits the low 24 bits; the slice number takes the rest.
    static let bias = 1 << 23
    static let empty = UInt64.max
    static let keyRange = -(1 << 38) ..< (1 << 38)

    func remember(_ key: Int, _ offset: Int) {
        guard Self.keyRange.contains(key), abs(offset) < Self.bias - 1 else { return }
        last.store(UInt64(bitPattern: Int64(key) << 24) | UInt64(offset + Self.bias), ordering: .relaxed)
    }

    func lookup(_ epoch: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epoch)))
    }
}
