// What the checker needs from the session: variables, time zone, clock,
// the default tasks from `use task` and the `set format` in force.

import CallqResult
import CallqSyntax
import Foundation

/// A variable's value: from `let NAME = VALUE`, `let NAME = (expr)` or `-D NAME=VALUE`.
public enum Variable: Sendable, Hashable {
    /// `let since = now - 2h` (re-evaluated where it is used)
    case value(Value)
    /// `let recent = (started > today)`
    case expr(Expr)
    /// `-D NAME=VALUE` text: read as a callq value when it is one (`30`, `5m`), else as a string.
    case text(String)
}

/// The session state the checker reads.
public struct CheckContext: Sendable {
    public var variables: [String: Variable]
    public var timeZone: TimeZone
    public var now: Date
    public var defaultTasks: [String]
    /// The session's `set format` (nil: auto), for the checks that depend on it (`chart`).
    public var format: OutputFormat?

    public init(
        variables: [String: Variable] = [:], timeZone: TimeZone = CheckContext.defaultTimeZone,
        now: Date = Date(), defaultTasks: [String] = [], format: OutputFormat? = nil
    ) {
        self.variables = variables
        self.timeZone = timeZone
        self.now = now
        self.defaultTasks = defaultTasks
        self.format = format
    }

    /// Applies a `set` the checker reads (`tz`, `format`); other settings do not concern it.
    public mutating func apply(_ key: SettingKey, _ value: SettingValue) {
        switch (key, value) {
        case (.tz, .zone(let z)): timeZone = SettingSpec.zone(z)
        case (.format, .format(let f)): format = f
        default: break
        }
    }

    /// The TZ environment variable's zone, else UTC.
    public static var defaultTimeZone: TimeZone {
        if let tz = ProcessInfo.processInfo.environment["TZ"], let z = TimeZone(identifier: tz) { return z }
        return TimeZone(identifier: "UTC")!
    }
}
