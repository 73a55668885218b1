// The TOML config file: one table per profile, holding connection settings
// (base_url, uuid, secret_key, algorithm, task) and optional session defaults.
// Warns when the file is readable by group or others, since it holds a secret.
import Foundation
import TOMLKit

/// One profile's values from `config.toml`.
public struct ConfigProfile: Sendable, Equatable {
    public var values: [String: String] = [:]
    public init(values: [String: String] = [:]) { self.values = values }
    public subscript(key: String) -> String? { values[key] }
}

/// A failure to read the config file.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// Reads `config.toml`.
public enum ConfigFile {
    /// The keys a profile may hold; anything else is reported as unknown.
    public static let knownKeys: Set<String> = [
        "base_url", "uuid", "secret_key", "algorithm", "task",
        "format", "size", "concurrency", "tz", "timeout", "verify", "progress",
        "max_pages", "ids_per_list", "retries", "on_bad_line", "recheck",
    ]

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
           let mode = attributes[.posixPermissions] as? Int, mode & 0o044 != 0 {
            warn("warning: \(path) is readable by group or others (mode \(String(mode & 0o777, radix: 8))); it holds your secret key: chmod 600 \(path)")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(description: "cannot read \(path): \(error.localizedDescription)")
        }
        return try parse(text, profile: profile, path: path, warn: warn)
    }

    /// Parses config text and returns one profile's values as strings.
    public static func parse(_ text: String, profile: String, path: String = "config.toml",
                             warn: (String) -> Void) throws -> ConfigProfile {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ConfigError(description: "\(path):\(e.source.begin.line):\(e.source.begin.column): invalid TOML: \(e.description)")
        } catch {
            throw ConfigError(description: "\(path): invalid TOML: \(error)")
        }
        guard let section = table[profile]?.table else {
            if profile == "default" { return ConfigProfile() }
            let names = table.keys.sorted().joined(separator: ", ")
            throw ConfigError(description: "profile `\(profile)` not found in \(path) (profiles: \(names.isEmpty ? "none" : names))")
        }
        var values: [String: String] = [:]
        for key in section.keys {
            guard let v = section[key] else { continue }
            if !knownKeys.contains(key) { warn("warning: \(path): unknown key `\(key)` in profile `\(profile)`") }
            if let s = v.string { values[key] = s }
            else if let i = v.int { values[key] = String(i) }
            else if let b = v.bool { values[key] = b ? "on" : "off" }
            else if let d = v.double { values[key] = String(d) }
            else { warn("warning: \(path): `\(key)` in profile `\(profile)` is not a string, number or boolean; ignored") }
        }
        return ConfigProfile(values: values)
    }
}
