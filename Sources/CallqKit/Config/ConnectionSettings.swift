// Resolves the connection settings with the documented precedence:
// command-line flag > environment variable > config profile > default.
import CallbotAPI
import Foundation

/// Connection values as given on the command line (nil = not given).
public struct ConnectionFlags: Sendable {
    public var baseURL: String?
    public var uuid: String?
    public var secretKey: String?
    public var algorithm: String?
    public var tasks: [String] = []
    public var profile: String?
    public init() {}
}

/// A fully resolved connection.
public struct ConnectionSettings: Sendable, CustomStringConvertible {
    public static let defaultBaseURL = "https://nxbot.nxcloud.com"

    public var baseURL: String
    public var credentials: Credentials?
    public var tasks: [String]
    public var profile: String
    /// Where each value came from, for `.show` (`flag`, `env`, `config`, `default`).
    public var origins: [String: String]

    public init(baseURL: String, credentials: Credentials?, tasks: [String], profile: String = "default",
                origins: [String: String] = [:]) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.tasks = tasks
        self.profile = profile
        self.origins = origins
    }

    public var description: String {
        "ConnectionSettings(baseURL: \(baseURL), credentials: \(credentials.map(\.description) ?? "none"), tasks: \(tasks))"
    }

    /// Resolves flags, environment and the config file's profile.
    public static func resolve(flags: ConnectionFlags, environment: [String: String],
                               paths: CallqPaths, warn: (String) -> Void) throws -> (ConnectionSettings, ConfigProfile) {
        let profileName = flags.profile ?? environment["CALLQ_PROFILE"] ?? "default"
        let profile = try ConfigFile.load(paths.configFile, profile: profileName, warn: warn)
        var origins: [String: String] = [:]
        func pick(_ name: String, _ flag: String?, _ env: String, _ key: String) -> String? {
            if let flag, !flag.isEmpty { origins[name] = "flag"; return flag }
            if let v = environment[env], !v.isEmpty { origins[name] = "env \(env)"; return v }
            if let v = profile[key], !v.isEmpty { origins[name] = "config [\(profileName)]"; return v }
            return nil
        }
        let baseURL = pick("base_url", flags.baseURL, "CALLQ_BASE_URL", "base_url") ?? {
            origins["base_url"] = "default"; return defaultBaseURL
        }()
        let uuid = pick("uuid", flags.uuid, "CALLQ_UUID", "uuid")
        let secret = pick("secret_key", flags.secretKey, "CALLQ_SECRET_KEY", "secret_key")
        let algorithmName = pick("algorithm", flags.algorithm, "CALLQ_ALGORITHM", "algorithm") ?? "md5"
        guard let algorithm = SignAlgorithm(name: algorithmName) else {
            throw ConfigError(description: "unknown algorithm `\(algorithmName)`: use md5 or sha256")
        }
        let tasks: [String]
        if !flags.tasks.isEmpty { tasks = flags.tasks; origins["task"] = "flag" }
        else if let t = pick("task", nil, "CALLQ_TASK", "task") {
            tasks = t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else { tasks = [] }
        var credentials: Credentials?
        if let uuid, let secret { credentials = Credentials(uuid: uuid, secretKey: secret, algorithm: algorithm) }
        return (ConnectionSettings(baseURL: baseURL, credentials: credentials, tasks: tasks, profile: profileName,
                                   origins: origins), profile)
    }

    /// `name = value (origin)` lines for `.show` and `--verbose`; the secret is masked.
    public var listing: [(String, String)] {
        func o(_ k: String) -> String { origins[k].map { "  (\($0))" } ?? "" }
        return [
            ("profile", profile),
            ("base_url", baseURL + o("base_url")),
            ("uuid", (credentials?.uuid ?? "(not set)") + o("uuid")),
            ("secret_key", (credentials == nil ? "(not set)" : Credentials.mask) + o("secret_key")),
            ("algorithm", (credentials?.algorithm.rawValue ?? "MD5") + o("algorithm")),
            ("task", (tasks.isEmpty ? "(none: use task 'ID')" : tasks.joined(separator: ", ")) + o("task")),
        ]
    }

    /// The connection in one block, for `--verbose`.
    public var verboseDescription: String {
        "callq: connection\n" + listing.map { "  \($0.0) = \($0.1)" }.joined(separator: "\n")
    }

    /// The message shown when a statement needs the API but credentials are missing.
    public static func missingCredentialsMessage(paths: CallqPaths, profile: String) -> String {
        """
        no Callbot credentials: give the account uuid and secret key in one of these ways:
          1. flags:        callq --uuid UUID --secret-key KEY
          2. environment:  CALLQ_UUID=… CALLQ_SECRET_KEY=…
          3. config file:  \(paths.configFile.path)
                           [\(profile)]
                           uuid = "…"
                           secret_key = "…"
        or try callq --demo, which runs against a built-in simulator.
        """
    }
}
