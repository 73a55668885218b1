// The TOML config file: one table per profile, holding connection settings
// (base_url, uuid, secret_key, algorithm, task — one id or a list) and optional
// session defaults.
// Warns when the file is readable by group or others, since it holds a secret.
import CallqSemantics
import Foundation
import TOMLKit

/// One profile's values from `config.toml`.
public struct ConfigProfile: Sendable, Equatable {
    /// Single values (strings, numbers and booleans as text).
    public var values: [String: String] = [:]
    /// List values: `task = ["a", "b"]`.
    public var lists: [String: [String]] = [:]
    public init(values: [String: String] = [:], lists: [String: [String]] = [:]) {
        self.values = values
        self.lists = lists
    }
    public subscript(key: String) -> String? { values[key] }
    /// A key's values: the list, or the single value split at commas (`task = "a, b"`).
    public func list(_ key: String) -> [String]? {
        if let l = lists[key] { return l }
        return values[key].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}

/// A failure to read the config file.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The file itself cannot be read or is not TOML (as opposed to a bad value
    /// or a missing profile): an error only once a setting is needed from it.
    public var brokenFile = false
    public init(description: String, brokenFile: Bool = false) {
        self.description = description
        self.brokenFile = brokenFile
    }
}

/// Reads `config.toml`.
public enum ConfigFile {
    /// The keys a profile may hold — the connection's and every setting of the settings
    /// table (`SettingSpec`) — anything else is reported as unknown.
    public static let knownKeys = Set(["base_url", "uuid", "secret_key", "algorithm", "task"] + SettingSpec.allNames)
    /// The keys that may hold a list of strings.
    public static let listKeys: Set<String> = ["task"]

    /// Loads `profile` from `url`. A missing file is an empty profile; a missing
    /// profile other than `default` is an error. `warn` receives warnings.
    public static func load(_ url: URL, profile: String, warn: (String) -> Void) throws -> ConfigProfile {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            if profile != "default" {
                throw ConfigError(description: "profile `\(profile)` not found: \(path) does not exist")
            }
            return ConfigProfile()
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = attributes[.posixPermissions] as? Int, mode & 0o044 != 0
        {
            warn(
                "warning: \(path) is readable by group or others (mode \(String(mode & 0o777, radix: 8))); it holds your secret key: chmod 600 \(path)"
            )
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(description: "cannot read \(path): \(error.localizedDescription)", brokenFile: true)
        }
        return try parse(text, profile: profile, path: path, warn: warn)
    }

    /// Parses config text and returns one profile's values as strings.
    public static func parse(
        _ text: String, profile: String, path: String = "config.toml",
        warn: (String) -> Void
    ) throws -> ConfigProfile {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ConfigError(
                description: "\(path):\(e.source.begin.line):\(e.source.begin.column): invalid TOML: \(e.description)",
                brokenFile: true)
        } catch {
            throw ConfigError(description: "\(path): invalid TOML: \(error)", brokenFile: true)
        }
        // `task = […]` above every `[profile]` line belongs to no profile: say so, not ignore it.
        let loose = table.keys.filter { table[$0]?.table == nil }.sorted()
        if !loose.isEmpty {
            let keys = loose.map { "`\($0)`" }.joined(separator: ", ")
            warn(
                "warning: \(path): \(keys) outside any profile; ignored (put \(loose.count == 1 ? "it" : "them") under [default] or [NAME])"
            )
        }
        guard let section = table[profile]?.table else {
            if profile == "default" { return ConfigProfile() }
            let names = table.keys.sorted().joined(separator: ", ")
            throw ConfigError(
                description: "profile `\(profile)` not found in \(path) (profiles: \(names.isEmpty ? "none" : names))")
        }
        var result = ConfigProfile()
        for key in section.keys {
            guard let v = section[key] else { continue }
            if !knownKeys.contains(key) { warn("warning: \(path): unknown key `\(key)` in profile `\(profile)`") }
            if let s = v.string {
                result.values[key] = s
            } else if let i = v.int {
                result.values[key] = String(i)
            } else if let b = v.bool {
                result.values[key] = b ? "on" : "off"
            } else if let d = v.double {
                result.values[key] = String(d)
            } else if let array = v.array, listKeys.contains(key) {
                let items = array.map { $0.string }
                if items.contains(where: { $0 == nil }) {
                    warn("warning: \(path): `\(key)` in profile `\(profile)` must be a list of strings; ignored")
                } else {
                    result.lists[key] = items.compactMap { $0 }
                }
            } else if v.array != nil {
                warn("warning: \(path): `\(key)` in profile `\(profile)` takes one value, not a list; ignored")
            } else {
                warn("warning: \(path): `\(key)` in profile `\(profile)` is not a string, number or boolean; ignored")
            }
        }
        return result
    }
}
