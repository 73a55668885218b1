// The settings a session changes with `set NAME = VALUE` (and config-profile
// defaults, flags, dot-commands). Names, types, ranges and defaults come from the
// one settings table (`SettingSpec`); a typed value is applied as it is, and
// `.show` reads each value back through the same table.
import CallbotClient
import CallqResult
import CallqSemantics
import Foundation

/// What to do with a line of a saved file that is not an order.
public enum BadLinePolicy: String, Sendable, CaseIterable { case error, skip }

/// Session settings with their defaults.
public struct SessionSettings: Sendable {
    /// nil = table when stdout is a terminal, ndjson otherwise.
    public var format: OutputFormat?
    public var pageSize = 100
    public var concurrency = 4
    /// The zone's canonical name (`UTC`, `Asia/Jakarta`), as `.show` prints it.
    public private(set) var timeZoneName: String
    public private(set) var timeZone: TimeZone
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
    /// `from mirror` first syncs a task whose last sync is older than this many seconds; 0 is off.
    public var autoSync: Double = 0
    /// Most order ids per listOrderDetail request (`calls`).
    public var detailBatch = 500
    /// `sync` also keeps every call attempt (`calls from mirror`).
    public var syncCalls = false
    /// Longest line of a saved file, in MB: a longer line is an error, not a growing buffer.
    public var maxLine = 64
    /// Longest one `~` match may take on one value, in seconds.
    public var regexTimeout: Double = 10
    /// Largest reply body accepted, in MB.
    public var maxReply = 64
    /// Longest wait a `Retry-After` may ask for, in seconds.
    public var retryAfterMax: Double = 60
    /// A table longer than the terminal goes through `$PAGER` (stdout a terminal).
    public var pager = true

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        timeZoneName = SettingSpec.environmentZone(environment)
        timeZone = SettingSpec.zone(timeZoneName)
        for spec in SettingSpec.all { if let v = spec.defaultValue { apply(spec.key, v) } }
    }

    /// Applies a value checked against the table (by the checker, or by `SettingSpec.parse`).
    public mutating func apply(_ key: SettingKey, _ value: SettingValue) {
        switch (key, value) {
        case (.format, .format(let f)): format = f
        case (.size, .integer(let n)): pageSize = n
        case (.concurrency, .integer(let n)): concurrency = n
        case (.tz, .zone(let z)):
            timeZoneName = z
            timeZone = SettingSpec.zone(z)
        case (.timeout, .seconds(let s)): timeout = s
        case (.retries, .integer(let n)): retries = n
        case (.verify, .word(let w)): verify = VerifyMode(rawValue: w) ?? verify
        case (.progress, .flag(let b)): progress = b
        case (.onBadLine, .word(let w)): onBadLine = BadLinePolicy(rawValue: w) ?? onBadLine
        case (.recheck, .flag(let b)): recheck = b
        case (.maxPages, .integer(let n)): maxPages = n
        case (.idsPerList, .integer(let n)): idsPerList = n
        case (.timing, .flag(let b)): timing = b
        case (.explain, .flag(let b)): explain = b
        case (.autoSync, .seconds(let s)): autoSync = s
        case (.detailBatch, .integer(let n)): detailBatch = n
        case (.syncCalls, .flag(let b)): syncCalls = b
        case (.maxLine, .integer(let n)): maxLine = n
        case (.regexTimeout, .seconds(let s)): regexTimeout = s
        case (.maxReply, .integer(let n)): maxReply = n
        case (.retryAfterMax, .seconds(let s)): retryAfterMax = s
        case (.pager, .flag(let b)): pager = b
        default: assertionFailure("setting \(key) given a value of another type: \(value)")
        }
    }

    /// Applies `name = text` (config profiles, flags, dot-commands): the table parses and checks it.
    public mutating func apply(_ name: String, _ text: String) throws(SettingError) {
        guard let spec = SettingSpec.named(name) else { throw SettingError.unknown(name) }
        switch spec.parse(text) {
        case .success(let v): apply(spec.key, v)
        case .failure(let e): throw e
        }
    }

    /// The current value of a setting.
    public func value(_ key: SettingKey) -> SettingValue {
        switch key {
        case .format: .format(format)
        case .size: .integer(pageSize)
        case .concurrency: .integer(concurrency)
        case .tz: .zone(timeZoneName)
        case .timeout: .seconds(timeout)
        case .retries: .integer(retries)
        case .verify: .word(verify.rawValue)
        case .progress: .flag(progress)
        case .onBadLine: .word(onBadLine.rawValue)
        case .recheck: .flag(recheck)
        case .maxPages: .integer(maxPages)
        case .idsPerList: .integer(idsPerList)
        case .timing: .flag(timing)
        case .explain: .flag(explain)
        case .autoSync: .seconds(autoSync)
        case .detailBatch: .integer(detailBatch)
        case .syncCalls: .flag(syncCalls)
        case .maxLine: .integer(maxLine)
        case .regexTimeout: .seconds(regexTimeout)
        case .maxReply: .integer(maxReply)
        case .retryAfterMax: .seconds(retryAfterMax)
        case .pager: .flag(pager)
        }
    }

    /// `name = value` pairs for `.show`, in table order.
    public var listing: [(String, String)] {
        SettingSpec.all.map { ($0.name, value($0.key).text) }
    }
}
