// A zone's UTC offset at a given time, cached: asking Foundation for every
// time cell costs about a microsecond, and a result's times cluster within a
// few hours, so 15-minute slices with one offset are looked up once.
import Foundation
import Synchronization

/// Memoized `TimeZone.secondsFromGMT(for:)`, exact across transitions.
public final class ZoneOffsets: Sendable {
    public let timeZone: TimeZone
    let cache = Mutex<[Int: Int]>([:])
    static let slice = 900
    static let capacity = 4096

    public init(_ timeZone: TimeZone) { self.timeZone = timeZone }

    /// The offset in seconds east of UTC at Unix time `epoch`.
    ///
    /// A slice is cached only when its first and last second have the same
    /// offset (no transition inside it; zones change at most once per 15 min).
    public func offset(at epoch: Int) -> Int {
        let key = epoch >= 0 ? epoch / Self.slice : (epoch - Self.slice + 1) / Self.slice
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let start = key * Self.slice
        let first = lookup(start)
        let last = lookup(start + Self.slice - 1)
        guard first == last else { return lookup(epoch) }
        cache.withLock { c in
            if c.count >= Self.capacity { c.removeAll(keepingCapacity: true) }
            c[key] = first
        }
        return first
    }

    func lookup(_ epoch: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(epoch)))
    }
}
