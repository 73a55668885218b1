// Time literals: '2024-11-24', '2024-11-24 08:00', '2024-11-24 08:00:00',
// '2024-11-24T08:00:00Z', '…+07:00'. Without a zone the session time zone
// applies. Results are epoch seconds.

import CallqResult
import Foundation

/// Parses and prints callq time literals.
public enum TimeLiteral {
    /// Epoch seconds for `text`, or nil when it is not a time literal.
    public static func parse(_ text: String, timeZone: TimeZone) -> Int? {
        let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var i = 0
        func num(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            i += n
            return v
        }
        func lit(_ c: UInt8) -> Bool { if i < b.count, b[i] == c { i += 1; return true }; return false }
        guard let y = num(4), lit(0x2D), let mo = num(2), lit(0x2D), let d = num(2) else { return nil }
        var h = 0, mi = 0, s = 0
        if i < b.count, b[i] == 0x20 || b[i] == 0x54 || b[i] == 0x74 {
            i += 1
            guard let hh = num(2), lit(0x3A), let mm = num(2) else { return nil }
            h = hh; mi = mm
            if lit(0x3A) {
                guard let ss = num(2) else { return nil }
                s = ss
                if lit(0x2E) { while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 } }
            }
        }
        guard (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        let local = BucketCalendar.days(year: y, month: mo, day: d) * 86400 + h * 3600 + mi * 60 + s
        if i == b.count { return local - offset(of: local, in: timeZone) }
        if lit(0x5A) || lit(0x7A) { return i == b.count ? local : nil }
        guard i < b.count, b[i] == 0x2B || b[i] == 0x2D else { return nil }
        let sign = b[i] == 0x2D ? -1 : 1
        i += 1
        guard let oh = num(2) else { return nil }
        _ = lit(0x3A)
        let om = i < b.count ? num(2) : 0
        guard let om, i == b.count, oh < 24, om < 60 else { return nil }
        return local - sign * (oh * 3600 + om * 60)
    }

    /// The zone's offset for a wall-clock time given as if it were UTC seconds.
    static func offset(of local: Int, in tz: TimeZone) -> Int {
        let first = tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local)))
        return tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - first)))
    }

    /// Midnight at the start of the day containing `now`, in `tz`.
    public static func startOfDay(_ now: Date, timeZone tz: TimeZone) -> Int {
        let t = Int(now.timeIntervalSince1970.rounded(.down))
        let local = t + tz.secondsFromGMT(for: now)
        let day = local - ((local % 86400) + 86400) % 86400
        return day - offset(of: day, in: tz)
    }

    /// Epoch seconds of 0000-01-01T00:00:00Z ... 9999-12-31T23:59:59Z: the times `format` writes re-parseably.
    public static let formattable = -62_167_219_200...253_402_300_799

    /// `2024-11-24T08:00:00Z` for epoch seconds (UTC; re-parseable within `formattable`).
    public static func format(_ epoch: Int) -> String {
        // Floor division without multiplying back, which would overflow near Int.min.
        let days = epoch / 86400 - (epoch % 86400 < 0 ? 1 : 0)
        let secs = (epoch % 86400 + 86400) % 86400
        let (y, m, d) = BucketCalendar.civil(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(y)
        return
            "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
