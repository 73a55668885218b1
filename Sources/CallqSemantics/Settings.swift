// The one table of settings: name, aliases, type, range, default and a line of
// help for each. The checker (`set`), the session (config profiles, flags,
// dot-commands), `--check`, `.show`, `help set` and completion all read it, so a
// setting is described, validated and typed in one place.

import CallqResult
import CallqSyntax
import Foundation

/// A setting `set` knows.
public enum SettingKey: String, Sendable, Hashable, CaseIterable {
    case format, size, concurrency, tz, timeout, retries, verify, progress
    case onBadLine = "on_bad_line"
    case recheck
    case maxPages = "max_pages"
    case idsPerList = "ids_per_list"
    case timing, explain
    case autoSync = "auto_sync"
    case detailBatch = "detail_batch"
    case syncCalls = "sync_calls"
    case maxLine = "max_line"
    case regexTimeout = "regex_timeout"
    case maxReply = "max_reply"
    case retryAfterMax = "retry_after_max"
    case pager

    /// The setting's entry in the table.
    public var spec: SettingSpec { SettingSpec.table[self]! }
}

/// A setting's value, typed and in range.
public enum SettingValue: Sendable, Hashable {
    case integer(Int)
    /// Seconds (`timeout`).
    case seconds(Double)
    case flag(Bool)
    /// One of the setting's words (`verify = strict`).
    case word(String)
    /// An output format; nil is `auto` (table on a terminal, ndjson otherwise).
    case format(OutputFormat?)
    /// A time zone: an IANA identifier, or `UTC`.
    case zone(String)

    /// The value as `.show` and `help set` print it.
    public var text: String {
        switch self {
        case .integer(let n): String(n)
        case .seconds(0): "off"
        case .seconds(let s): (s.rounded() == s ? String(Int(s)) : String(s)) + "s"
        case .flag(let b): b ? "on" : "off"
        case .word(let w): w
        case .format(let f): f?.rawValue ?? "auto"
        case .zone(let z): z
        }
    }
}

/// One row of the settings table.
public struct SettingSpec: Sendable {
    /// What values a setting takes.
    public enum ValueType: Sendable {
        case integer(ClosedRange<Int>)
        case seconds(ClosedRange<Double>)
        /// `off` (0 seconds) or a duration in the range.
        case secondsOrOff(ClosedRange<Double>)
        case flag
        case words([String])
        case format
        case zone
    }

    public let key: SettingKey
    public let aliases: [String]
    public let type: ValueType
    /// The default; nil when it comes from the environment (`tz`: TZ, else UTC).
    public let defaultValue: SettingValue?
    public let help: String

    public var name: String { key.rawValue }

    /// The largest value `set max_pages` accepts.
    public static let maxPagesLimit = 10_000_000

    /// Every setting, in the order `help set` and `.show` list them.
    public static let all: [SettingSpec] = [
        SettingSpec(
            key: .format, aliases: [], type: .format, defaultValue: .format(nil),
            help: "output format (auto: table on a terminal, ndjson otherwise)"),
        SettingSpec(
            key: .size, aliases: ["page_size"], type: .integer(1...100_000), defaultValue: .integer(100),
            help: "orders per page request"),
        SettingSpec(
            key: .concurrency, aliases: [], type: .integer(1...64), defaultValue: .integer(4),
            help: "page requests in flight"),
        SettingSpec(
            key: .tz, aliases: ["timezone", "time_zone"], type: .zone, defaultValue: nil,
            help: "zone for time literals and shown times (default: TZ, else UTC)"),
        SettingSpec(
            key: .timeout, aliases: [], type: .seconds(0.001...3600), defaultValue: .seconds(30),
            help: "time allowed per request (30s, 500ms, 2m)"),
        SettingSpec(
            key: .retries, aliases: [], type: .integer(1...50), defaultValue: .integer(5),
            help: "attempts per request"),
        SettingSpec(
            key: .verify, aliases: [], type: .words(["strict", "auto", "off"]), defaultValue: .word("auto"),
            help: "reply signatures: strict, auto (when present) or off"),
        SettingSpec(
            key: .progress, aliases: [], type: .flag, defaultValue: .flag(true),
            help: "progress line on stderr"),
        SettingSpec(
            key: .onBadLine, aliases: [], type: .words(["error", "skip"]), defaultValue: .word("error"),
            help: "saved files: error or skip lines that are not orders"),
        SettingSpec(
            key: .recheck, aliases: [], type: .flag, defaultValue: .flag(false),
            help: "re-check pushed filters on the client"),
        SettingSpec(
            key: .maxPages, aliases: [], type: .integer(1...maxPagesLimit), defaultValue: .integer(1000),
            help: "ask (REPL) or fail (script) above this many requests"),
        SettingSpec(
            key: .idsPerList, aliases: [], type: .integer(1...10_000), defaultValue: .integer(100),
            help: "longest id list per request"),
        SettingSpec(
            key: .timing, aliases: [], type: .flag, defaultValue: .flag(false),
            help: "print the time of each statement"),
        SettingSpec(
            key: .explain, aliases: [], type: .flag, defaultValue: .flag(false),
            help: "print the plan before each query"),
        SettingSpec(
            key: .autoSync, aliases: [], type: .secondsOrOff(1...31_536_000), defaultValue: .seconds(0),
            help: "`from mirror` first syncs a task whose last sync is older than this (off, 10m, 1h)"),
        SettingSpec(
            key: .detailBatch, aliases: [], type: .integer(1...10_000), defaultValue: .integer(500),
            help: "most order ids per listOrderDetail request (`calls`; 4001 halves it)"),
        SettingSpec(
            key: .syncCalls, aliases: [], type: .flag, defaultValue: .flag(false),
            help: "`sync` also keeps every call attempt, for `calls from mirror`"),
        SettingSpec(
            key: .maxLine, aliases: [], type: .integer(1...4096), defaultValue: .integer(64),
            help: "saved files: longest line read, in MB (a longer one is an error)"),
        SettingSpec(
            key: .regexTimeout, aliases: [], type: .seconds(0.001...3600), defaultValue: .seconds(10),
            help: "longest one `~` match may take on one value; longer is an error, not a non-match"),
        SettingSpec(
            key: .maxReply, aliases: [], type: .integer(1...4096), defaultValue: .integer(64),
            help: "largest reply body accepted, in MB; a larger one fails at once (not retried)"),
        SettingSpec(
            key: .retryAfterMax, aliases: [], type: .seconds(0.001...86_400), defaultValue: .seconds(60),
            help: "longest wait a Retry-After may ask for; a longer one fails at once"),
        SettingSpec(
            key: .pager, aliases: [], type: .flag, defaultValue: .flag(true),
            help: "a table longer than the terminal goes through $PAGER (less -FRX)")
    ]

    static let table: [SettingKey: SettingSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    static let byName: [String: SettingSpec] = {
        var m: [String: SettingSpec] = [:]
        for s in all {
            m[s.name] = s
            for a in s.aliases { m[a] = s }
        }
        return m
    }()

    /// Every name and alias, for completion and did-you-mean hints.
    public static var allNames: [String] { all.flatMap { [$0.name] + $0.aliases } }

    /// The setting a name or alias stands for (case-insensitive).
    public static func named(_ name: String) -> SettingSpec? { byName[name.lowercased()] }

    /// What the setting takes, for messages: "a whole number from 1 to 64".
    public var expectation: String {
        switch type {
        case .integer(let r): "a whole number from \(r.lowerBound) to \(r.upperBound)"
        case .seconds(let r): "a duration up to \(Int(r.upperBound))s (30s, 500ms, 2m) or a number of seconds"
        case .secondsOrOff: "off or a duration (10m, 1h, 1d)"
        case .flag: "on or off"
        case .words(let ws): ws.count == 2 ? "\(ws[0]) or \(ws[1])" : ws.dropLast().joined(separator: ", ") + " or " + ws.last!
        case .format: "a format: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ") + " or auto"
        case .zone: "a time zone name like 'Asia/Jakarta' or 'UTC'"
        }
    }

    /// The words that may follow `set NAME =`, for completion (empty for numbers and zones).
    public var valueWords: [String] {
        switch type {
        case .flag: ["on", "off"]
        case .secondsOrOff: ["off"]
        case .words(let ws): ws
        case .format: OutputFormat.allCases.map(\.rawValue) + ["auto"]
        case .integer, .seconds, .zone: []
        }
    }

    /// Reads a value from text (a config profile, a flag, a dot-command, or `set` as written);
    /// the error is a sentence naming the setting and what it takes.
    public func parse(_ text: String) -> Result<SettingValue, SettingError> {
        let v = text.trimmingCharacters(in: .whitespaces)
        let bad = SettingError(setting: name, message: "`\(name)` takes \(expectation), not `\(v)`")
        switch type {
        case .integer(let r):
            guard let n = Int(v), r.contains(n) else { return .failure(bad) }
            return .success(.integer(n))
        case .seconds(let r):
            guard let s = SettingSpec.seconds(v), r.contains(s) else { return .failure(bad) }
            return .success(.seconds(s))
        case .secondsOrOff(let r):
            if ["off", "0", "no", "false"].contains(v.lowercased()) { return .success(.seconds(0)) }
            guard let s = SettingSpec.seconds(v), r.contains(s) else { return .failure(bad) }
            return .success(.seconds(s))
        case .flag:
            switch v.lowercased() {
            case "on", "true", "yes", "1": return .success(.flag(true))
            case "off", "false", "no", "0": return .success(.flag(false))
            default: return .failure(bad)
            }
        case .words(let ws):
            guard ws.contains(v.lowercased()) else { return .failure(bad) }
            return .success(.word(v.lowercased()))
        case .format:
            if v.lowercased() == "auto" { return .success(.format(nil)) }
            guard let f = OutputFormat(rawValue: v.lowercased()) else {
                return .failure(
                    SettingError(
                        setting: name,
                        message: "unknown format `\(v)`: use "
                            + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ") + " or auto"))
            }
            return .success(.format(f))
        case .zone:
            guard let z = SettingSpec.zoneName(v) else {
                return .failure(
                    SettingError(
                        setting: name, message: "unknown time zone `\(v)`: use an IANA name like 'Asia/Jakarta' or 'UTC'"))
            }
            return .success(.zone(z))
        }
    }

    /// `30`, `30s`, `1.5`, `500ms`, `2m`, `1h` → seconds.
    static func seconds(_ text: String) -> Double? {
        let t = text.lowercased()
        for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0), ("d", 86400.0)] where t.hasSuffix(suffix) {
            return Double(t.dropLast(suffix.count)).flatMap { $0.isFinite && $0 > 0 ? $0 * scale : nil }
        }
        return Double(t).flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
    }

    /// The canonical name of a zone (`utc`, `Z` and `:UTC` are `UTC`), or nil when unknown.
    public static func zoneName(_ text: String) -> String? {
        let n = text.hasPrefix(":") ? String(text.dropFirst()) : text
        if ["utc", "z", "gmt"].contains(n.lowercased()) { return "UTC" }
        return TimeZone(identifier: n) != nil ? n : nil
    }

    /// The zone a canonical name stands for.
    public static func zone(_ name: String) -> TimeZone {
        TimeZone(identifier: name == "UTC" ? "UTC" : name) ?? TimeZone(identifier: "UTC")!
    }

    /// The zone of the TZ environment variable, else UTC, as a canonical name.
    public static func environmentZone(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["TZ"].flatMap(zoneName) ?? "UTC"
    }
}

/// A rejected setting value (or name), as a sentence.
public struct SettingError: Error, CustomStringConvertible, Sendable {
    /// The setting's name as written.
    public var setting: String
    public var message: String
    public var description: String { message }
    public init(setting: String, message: String) { self.setting = setting; self.message = message }

    /// An unknown setting name, with a did-you-mean when one is close.
    public static func unknown(_ name: String) -> SettingError {
        let hint = EditDistance.suggest(name.lowercased(), among: SettingSpec.allNames)
        return SettingError(
            setting: name,
            message: "unknown setting `\(name)`"
                + (hint.map { ", did you mean `\($0)`?" } ?? "")
                + " (settings: " + SettingSpec.all.map(\.name).joined(separator: ", ") + ")")
    }
}
