// The settings a session changes with `set NAME = VALUE` (and config-profile
// defaults): output format, paging, time zone, verification and so on. Each
// setting parses and validates its own value and can print itself for `.show`.
import CallbotClient
import CallqEngine
import CallqOutput
import Foundation

/// A rejected `set`: unknown name or bad value (a usage error, exit 2).
public struct SettingError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// What to do with a line of a saved file that is not an order.
public enum BadLinePolicy: String, Sendable, CaseIterable { case error, skip }

/// Session settings with their defaults.
public struct SessionSettings: Sendable {
    /// nil = table when stdout is a terminal, ndjson otherwise.
    public var format: OutputFormat?
    public var pageSize = 100
    public var concurrency = 4
    public var timeZone: TimeZone
    public var timeout: Double = 30
    public var verify: VerifyMode = .auto
    public var progress = true
    public var onBadLine: BadLinePolicy = .error
    public var recheck = false
    public var maxPages = 1000
    public var idsPerList = 100
    public var retries = 5
    public var timing = false
    public var explain = false

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let tz = environment["TZ"].flatMap(SessionSettings.zone) { timeZone = tz }
        else { timeZone = TimeZone(identifier: "UTC")! }
    }

    /// Every setting name, for `help set`, completion and did-you-mean hints.
    public static let names = [
        "format", "size", "concurrency", "tz", "timeout", "verify", "progress", "on_bad_line",
        "recheck", "max_pages", "ids_per_list", "retries", "timing", "explain",
    ]

    static func zone(_ name: String) -> TimeZone? {
        let n = name.hasPrefix(":") ? String(name.dropFirst()) : name
        if n.uppercased() == "UTC" || n == "Z" { return TimeZone(identifier: "UTC") }
        return TimeZone(identifier: n)
    }

    /// Applies `set name = value`; `value` is the value's text (quotes removed).
    public mutating func apply(_ name: String, _ value: String) throws(SettingError) {
        let key = name.lowercased()
        let v = value.trimmingCharacters(in: .whitespaces)
        func int(_ range: ClosedRange<Int>) throws(SettingError) -> Int {
            guard let n = Int(v), range.contains(n) else {
                throw SettingError(description: "`\(key)` takes a whole number from \(range.lowerBound) to \(range.upperBound), not `\(v)`")
            }
            return n
        }
        func flag() throws(SettingError) -> Bool {
            switch v.lowercased() {
            case "on", "true", "yes", "1": return true
            case "off", "false", "no", "0": return false
            default: throw SettingError(description: "`\(key)` takes on or off, not `\(v)`")
            }
        }
        switch key {
        case "format":
            if v.lowercased() == "auto" { format = nil; return }
            guard let f = OutputFormat(rawValue: v.lowercased()) else {
                throw SettingError(description: "unknown format `\(v)`: use \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")) or auto")
            }
            format = f
        case "size", "page_size": pageSize = try int(1...100_000)
        case "concurrency": concurrency = try int(1...64)
        case "tz", "timezone", "time_zone":
            guard let z = SessionSettings.zone(v) else {
                throw SettingError(description: "unknown time zone `\(v)` (try an IANA name like Asia/Jakarta or UTC)")
            }
            timeZone = z
        case "timeout":
            let seconds = v.hasSuffix("s") ? String(v.dropLast()) : v
            guard let t = Double(seconds), t > 0, t <= 3600 else {
                throw SettingError(description: "`timeout` takes seconds between 0 and 3600, not `\(v)`")
            }
            timeout = t
        case "verify":
            guard let m = VerifyMode(rawValue: v.lowercased()) else {
                throw SettingError(description: "`verify` takes strict, auto or off, not `\(v)`")
            }
            verify = m
        case "progress": progress = try flag()
        case "on_bad_line":
            guard let p = BadLinePolicy(rawValue: v.lowercased()) else {
                throw SettingError(description: "`on_bad_line` takes error or skip, not `\(v)`")
            }
            onBadLine = p
        case "recheck": recheck = try flag()
        case "max_pages": maxPages = try int(1...PageBudgetError.settingLimit)
        case "ids_per_list": idsPerList = try int(1...10_000)
        case "retries": retries = try int(1...50)
        case "timing": timing = try flag()
        case "explain": explain = try flag()
        default:
            let hint = SessionSettings.names.min { editDistance($0, key) < editDistance($1, key) }
            throw SettingError(description: "unknown setting `\(name)`" + (hint.map { editDistance($0, key) <= 3 ? ", did you mean `\($0)`?" : "" } ?? "") + " (settings: \(SessionSettings.names.joined(separator: ", ")))")
        }
    }

    /// `name = value` lines for `.show`.
    public var listing: [(String, String)] {
        [
            ("format", format?.rawValue ?? "auto"), ("size", "\(pageSize)"), ("concurrency", "\(concurrency)"),
            ("tz", timeZone.identifier), ("timeout", "\(timeout.formatted())s"), ("verify", verify.rawValue),
            ("progress", progress ? "on" : "off"), ("on_bad_line", onBadLine.rawValue),
            ("recheck", recheck ? "on" : "off"), ("max_pages", "\(maxPages)"), ("ids_per_list", "\(idsPerList)"),
            ("retries", "\(retries)"), ("timing", timing ? "on" : "off"), ("explain", explain ? "on" : "off"),
        ]
    }
}

/// Levenshtein distance, for did-you-mean hints on setting names.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    var row = Array(0...y.count)
    for i in 1...x.count {
        var prev = row[0]
        row[0] = i
        for j in stride(from: 1, through: y.count, by: 1) {
            let cur = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (x[i - 1] == y[j - 1] ? 0 : 1))
            prev = cur
        }
    }
    return row[y.count]
}
