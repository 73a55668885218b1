// Where callq keeps its files, following the XDG base-directory convention:
// config (config.toml, init.cq), state (history) and cache (the local mirror).
import Foundation

/// The XDG locations callq reads and writes.
public struct CallqPaths: Sendable {
    public var configDirectory: URL
    public var stateDirectory: URL
    public var cacheDirectory: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home =
            environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        func base(_ variable: String, _ fallback: String) -> URL {
            if let v = environment[variable], v.hasPrefix("/") { return URL(fileURLWithPath: v) }
            return home.appendingPathComponent(fallback)
        }
        configDirectory = base("XDG_CONFIG_HOME", ".config").appendingPathComponent("callq")
        stateDirectory = base("XDG_STATE_HOME", ".local/state").appendingPathComponent("callq")
        cacheDirectory = base("XDG_CACHE_HOME", ".cache").appendingPathComponent("callq")
    }

    public var configFile: URL { configDirectory.appendingPathComponent("config.toml") }
    public var initScript: URL { configDirectory.appendingPathComponent("init.cq") }
    public var historyFile: URL { stateDirectory.appendingPathComponent("history") }
    /// The local mirror's SQLite file (SPEC §10.2).
    public var mirrorDatabase: URL { cacheDirectory.appendingPathComponent("mirror.sqlite3") }
}
