// Turns a raw JSON value into the text of one cell, by column kind, in one of
// two styles: `display` for people (table, markdown, line: `busy(10)`, `1m05s`,
// `2024-11-24 08:00:05`) and `flat` for spreadsheets and scripts (csv, tsv).
import CallqJSON
import Foundation

/// Formats cell values by column kind for the text formats.
///
/// | kind        | display (table, markdown, line) | flat (csv, tsv)               |
/// |-------------|---------------------------------|-------------------------------|
/// | null        | empty                           | empty                         |
/// | integer     | `42`                            | `42`                          |
/// | number      | at most 2 decimals: `37.33`     | shortest exact text: `37.333333333333336` |
/// | bool        | `true` / `false`                | `true` / `false`              |
/// | seconds     | `45s`, `1m05s`, `1h00m01s`, `1d` | the number of seconds: `65`  |
/// | time        | `2024-11-24 08:00:05` (zone)    | ISO 8601 with offset: `2024-11-24T08:00:05+07:00` |
/// | enumeration | `busy(10)` (unknown: `14`)      | the number: `10`              |
/// | list        | elements joined with `;` (`\;` and `\\` inside one) | same |
/// | json, text  | strings as they are, other values as compact JSON | same     |
///
/// Flat output keeps every value exact and machine-readable: a spreadsheet
/// sorts numbers and ISO times correctly, and enum codes are what the API
/// and the query language accept. Values whose JSON type does not match the
/// kind (a string in a time column) are shown as they are, never dropped.
public struct CellFormatter: Sendable {
    public enum Style: Sendable { case display, flat }

    public let style: Style
    public let timeZone: TimeZone
    let offsets: ZoneOffsets

    public init(style: Style, timeZone: TimeZone) {
        self.style = style
        self.timeZone = timeZone
        self.offsets = ZoneOffsets(timeZone)
    }

    /// The text of one cell (before any per-format escaping).
    public func format(_ value: JSONValue, _ kind: ColumnKind) -> String {
        if case .null = value { return "" }
        switch kind {
        case .text, .json:
            return Self.plain(value)
        case .integer:
            return number(value) ?? Self.plain(value)
        case .number:
            return number(value) ?? Self.plain(value)
        case .bool:
            return Self.plain(value)
        case .seconds:
            let whole: Int
            switch value {
            case .int(let i): whole = i
            case .double(let d) where abs(d) < 9e18: whole = Int(d.rounded())  // no trap on 1e300 or nan
            default: return Self.plain(value)
            }
            return style == .display ? Self.duration(whole) : number(value) ?? Self.plain(value)
        case .time:
            // Beyond year 5138 it is not Unix seconds (milliseconds?): show the number, not a wrong date.
            guard let n = value.doubleValue, abs(n) < 1e11 else { return Self.plain(value) }
            return time(Int(n.rounded(.down)))
        case .enumeration(let names):
            guard let code = value.intValue else { return Self.plain(value) }
            guard style == .display, let name = names[code] else { return String(code) }
            return "\(name)(\(code))"
        case .list(let element):
            guard case .array(let items) = value else { return format(value, element) }
            return items.map { Self.listElement(format($0, element)) }.joined(separator: ";")
        case .weekday:
            guard let day = value.intValue else { return Self.plain(value) }
            guard style == .display, (1...7).contains(day) else { return String(day) }
            return "\(Self.weekdayNames[day - 1])(\(day))"
        case .bucket(let inner, let step):
            return bucket(value, inner, step)
        }
    }

    /// `mon` … `sun`, for weekday 1 … 7.
    public static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// A bucket value: a day or week as its date (`2024-11-24`), a month as
    /// `2024-11`, anything else as a value of the inner kind. Flat output keeps
    /// the inner kind's exact text, so a spreadsheet sorts buckets as times.
    func bucket(_ value: JSONValue, _ inner: ColumnKind, _ step: BucketStep) -> String {
        guard style == .display, case .time = inner,
            let n = value.doubleValue, abs(n) < 1e11
        else { return format(value, inner) }
        switch step {
        case .day, .week: return String(time(Int(n.rounded(.down))).prefix(10))
        case .month: return String(time(Int(n.rounded(.down))).prefix(7))
        default: return format(value, inner)
        }
    }

    /// Numbers: integers as digits; doubles with 2 decimals (display) or exactly (flat).
    func number(_ value: JSONValue) -> String? {
        switch value {
        case .int(let i):
            return String(i)
        case .double(let d):
            guard d.isFinite else { return Self.plain(value) }
            if style == .flat { return Self.plain(value) }
            if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
            // printf rounds the double's exact binary value (100.005 is 100.00499…, so `100`),
            // where d × 100 would round twice.
            var s = String(format: "%.2f", d)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s == "-0" ? "0" : s
        default:
            return nil
        }
    }

    /// Any value as text: strings unquoted, numbers and bools as JSON, containers as compact JSON.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        default: return JSONWriter.string(value)
        }
    }

    /// A duration exact to the second: every unit from the largest non-zero one
    /// down to the last non-zero one, later units two digits wide — `0s`, `45s`,
    /// `1m`, `1m05s`, `1h`, `1h00m01s`, `7h20m18s`, `1d01h01m01s`; negative with `-`.
    public static func duration(_ seconds: Int) -> String {
        if seconds < 0 { return seconds == .min ? "\(seconds)s" : "-" + duration(-seconds) }
        if seconds == 0 { return "0s" }
        let parts = [(seconds / 86400, "d"), (seconds % 86400 / 3600, "h"), (seconds % 3600 / 60, "m"), (seconds % 60, "s")]
        guard let first = parts.firstIndex(where: { $0.0 != 0 }),
            let last = parts.lastIndex(where: { $0.0 != 0 })
        else { return "0s" }
        var out = ""
        for i in first...last {
            out += (i == first ? String(parts[i].0) : pad2(parts[i].0)) + parts[i].1
        }
        return out
    }

    /// One element of a joined list: `\` and `;` backslash-escaped, so the
    /// joined text splits back into the same elements.
    static func listElement(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x3B || $0 == 0x5C }) else { return text }
        var out = ""
        for c in text.unicodeScalars {
            if c == ";" || c == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// A Unix time in the session zone: `2024-11-24 08:00:05` or ISO 8601 with offset.
    func time(_ epoch: Int) -> String {
        let offset = offsets.offset(at: epoch)
        let local = epoch + offset
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secs = local - days * 86400
        let (y, mo, d) = BucketCalendar.civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(25)
        if y < 0 || y > 9999 {
            out.append(contentsOf: Self.pad4(y).utf8)
        } else {
            Self.digits(y / 100, &out)
            Self.digits(y % 100, &out)
        }
        out.append(UInt8(ascii: "-")); Self.digits(mo, &out)
        out.append(UInt8(ascii: "-")); Self.digits(d, &out)
        out.append(UInt8(ascii: style == .flat ? "T" : " "))
        Self.digits(secs / 3600, &out)
        out.append(UInt8(ascii: ":")); Self.digits(secs % 3600 / 60, &out)
        out.append(UInt8(ascii: ":")); Self.digits(secs % 60, &out)
        if style == .flat {
            if offset == 0 {
                out.append(UInt8(ascii: "Z"))
            } else {
                let a = abs(offset)
                out.append(UInt8(ascii: offset < 0 ? "-" : "+"))
                Self.digits(a / 3600, &out)
                out.append(UInt8(ascii: ":")); Self.digits(a % 3600 / 60, &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Two decimal digits of `n` (0...99).
    @inline(__always)
    static func digits(_ n: Int, _ out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: 48 + n / 10))
        out.append(UInt8(truncatingIfNeeded: 48 + n % 10))
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
    static func pad4(_ n: Int) -> String {
        let s = String(abs(n))
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
