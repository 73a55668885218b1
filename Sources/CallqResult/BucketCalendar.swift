// Local-calendar arithmetic for the time functions of SPEC §9.1 (`hour`,
// `weekday`, `day`, `week`, `month`, `bin(t, D)`) and for charts that step
// from one bucket to the next. Everything is in one zone and exact across
// daylight-saving changes: a day is from one local midnight to the next,
// whether that is 23, 24 or 25 hours.
import Foundation

/// Floors Unix times to local days, ISO weeks, months and bins in one zone.
public struct BucketCalendar: Sendable {
    public let offsets: ZoneOffsets

    public init(timeZone: TimeZone) { self.offsets = ZoneOffsets(timeZone) }
    public init(offsets: ZoneOffsets) { self.offsets = offsets }

    public var timeZone: TimeZone { offsets.timeZone }

    /// The local day number (days since 1970-01-01 in the zone) and second of that local day.
    public func local(_ epoch: Int) -> (day: Int, second: Int) {
        let l = epoch + offsets.offset(at: epoch)
        let day = l >= 0 ? l / 86400 : (l - 86399) / 86400
        return (day, l - day * 86400)
    }

    /// 0–23: the hour on a local clock.
    public func hour(_ epoch: Int) -> Int { local(epoch).second / 3600 }

    /// 1 (Monday) … 7 (Sunday).
    public func weekday(_ epoch: Int) -> Int { Self.weekday(ofDay: local(epoch).day) }

    /// 1 (Monday) … 7 (Sunday) of a local day number (1970-01-01 was a Thursday).
    public static func weekday(ofDay day: Int) -> Int { ((day + 3) % 7 + 7) % 7 + 1 }

    /// The first instant of a local day: its midnight, or, where the clocks
    /// jump over midnight, the instant the day begins.
    public func start(ofDay day: Int) -> Int {
        let midnight = day * 86400
        let guess = midnight - offsets.offset(at: midnight - offsets.offset(at: midnight))
        if local(guess) == (day, 0) { return guess }
        // Midnight does not exist (or the guess crossed a change): search for
        // the first second whose local day is `day`. Offsets move by < 1 day.
        var lo = midnight - 2 * 86400, hi = midnight + 2 * 86400
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if local(mid).day >= day { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// `day(t)`, `week(t)`, `month(t)` or `bin(t, D)` of a Unix time; for
    /// `hourOfDay`, the hour 0–23; `valueBin` floors the number itself.
    public func floor(_ epoch: Int, to step: BucketStep) -> Int {
        switch step {
        case .hourOfDay:
            return hour(epoch)
        case .day:
            return start(ofDay: local(epoch).day)
        case .week:
            let day = local(epoch).day
            return start(ofDay: day - (Self.weekday(ofDay: day) - 1))
        case .month:
            let (y, m, _) = Self.civil(fromDays: local(epoch).day)
            return start(ofDay: Self.days(year: y, month: m, day: 1))
        case .timeBin(let d):
            let begin = start(ofDay: local(epoch).day)
            let width = max(1, d)
            return begin + (epoch - begin) / width * width
        case .valueBin(let s):
            return Int(Self.floor(Double(epoch), by: s))
        }
    }

    /// The bucket after `bucket` (a value `floor` returned) on the same grid.
    public func next(after bucket: Int, step: BucketStep) -> Int {
        switch step {
        case .hourOfDay:
            return bucket + 1
        case .day:
            return start(ofDay: local(bucket).day + 1)
        case .week:
            return start(ofDay: local(bucket).day + 7)
        case .month:
            let (y, m, _) = Self.civil(fromDays: local(bucket).day)
            return start(ofDay: m == 12 ? Self.days(year: y + 1, month: 1, day: 1) : Self.days(year: y, month: m + 1, day: 1))
        case .timeBin(let d):
            let following = start(ofDay: local(bucket).day + 1)
            return min(bucket + max(1, d), following)
        case .valueBin(let s):
            return bucket + Int(s.rounded(.up))
        }
    }

    /// floor(x / s) × s, for `bin` on numbers and seconds (s > 0).
    public static func floor(_ x: Double, by s: Double) -> Double {
        (x / s).rounded(.down) * s
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
