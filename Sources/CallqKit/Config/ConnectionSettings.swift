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

    public init(
        baseURL: String, credentials: Credentials?, tasks: [String], profile: String = "default",
        origins: [String: String] = [:]
    ) {
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
    ///
    /// A config file that cannot be read or is not TOML is only a warning here:
    /// the run goes on without it (`--demo`, `from file`, everything given by
    /// flags). The connection then has no credentials unless base_url, uuid
    /// and secret_key all came from flags or the environment, so the first
    /// statement that needs the API fails with the file's error
    /// (`missingCredentialsMessage`). A base URL that is not http(s), an
    /// unknown algorithm, a missing named profile, or a uuid or secret key
    /// given by flag without its other half are errors at once.
    public static func resolve(
        flags: ConnectionFlags, environment: [String: String],
        paths: CallqPaths, warn: (String) -> Void
    ) throws -> (ConnectionSettings, ConfigProfile) {
        let profileName = flags.profile ?? environment["CALLQ_PROFILE"] ?? "default"
        var profile = ConfigProfile()
        var broken = false
        do { profile = try ConfigFile.load(paths.configFile, profile: profileName, warn: warn) } catch let e as ConfigError
            where e.brokenFile
        {
            warn(
                "warning: \(e.description)\nwarning: going on without the config file; a setting that would come from it is an error when it is needed"
            )
            broken = true
        }
        var origins: [String: String] = [:]
        func pick(_ name: String, _ flag: String?, _ env: String, _ key: String) -> String? {
            if let flag, !flag.isEmpty { origins[name] = "flag"; return flag }
            if let v = environment[env], !v.isEmpty { origins[name] = "env \(env)"; return v }
            if let v = profile[key], !v.isEmpty { origins[name] = "config [\(profileName)]"; return v }
            return nil
        }
        let baseURL =
            pick("base_url", flags.baseURL, "CALLQ_BASE_URL", "base_url")
            ?? {
                origins["base_url"] = "default"; return defaultBaseURL
            }()
        if let problem = urlProblem(baseURL) {
            let source =
                origins["base_url"].map {
                    $0 == "flag" ? "--base-url" : $0.hasPrefix("env ") ? String($0.dropFirst(4)) : "base_url in \($0)"
                } ?? "base_url"
            throw ConfigError(
                description: "\(source) `\(baseURL)` \(problem): give an http:// or https:// URL such as \(defaultBaseURL)")
        }
        let uuid = pick("uuid", flags.uuid, "CALLQ_UUID", "uuid")
        let secret = pick("secret_key", flags.secretKey, "CALLQ_SECRET_KEY", "secret_key")
        if flags.uuid?.isEmpty == false && secret == nil {
            throw ConfigError(
                description:
                    "--uuid was given without a secret key: add --secret-key KEY (or CALLQ_SECRET_KEY, or secret_key in \(paths.configFile.path))"
            )
        }
        if flags.secretKey?.isEmpty == false && uuid == nil {
            throw ConfigError(
                description:
                    "--secret-key was given without a uuid: add --uuid UUID (or CALLQ_UUID, or uuid in \(paths.configFile.path))")
        }
        let algorithmName = pick("algorithm", flags.algorithm, "CALLQ_ALGORITHM", "algorithm") ?? "md5"
        guard let algorithm = SignAlgorithm(name: algorithmName) else {
            throw ConfigError(description: "unknown algorithm `\(algorithmName)`: use md5 or sha256")
        }
        let tasks: [String]
        if !flags.tasks.isEmpty {
            tasks = flags.tasks; origins["task"] = "flag"
        } else if let t = environment["CALLQ_TASK"], !t.isEmpty {
            origins["task"] = "env CALLQ_TASK"
            tasks = t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else if let t = profile.list("task"), !t.isEmpty {
            origins["task"] = "config [\(profileName)]"
            tasks = t
        } else {
            tasks = []
        }
        var credentials: Credentials?
        if let uuid, let secret { credentials = Credentials(uuid: uuid, secretKey: secret, algorithm: algorithm) }
        // With the file unreadable, a value it might have given is unknown, not absent.
        let unknown = ["base_url", "uuid", "secret_key"].contains { origins[$0] == nil || origins[$0] == "default" }
        if broken && unknown { credentials = nil }
        return (
            ConnectionSettings(
                baseURL: baseURL, credentials: credentials, tasks: tasks, profile: profileName,
                origins: origins), profile
        )
    }

    /// Why `text` cannot be the API's base URL (nil when it can).
    static func urlProblem(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return "is not a URL" }
        guard scheme == "http" || scheme == "https" else { return "is not an http(s) URL" }
        guard let host = url.host, !host.isEmpty else { return "has no host" }
        return nil
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
            ("task", (tasks.isEmpty ? "(none: use task 'ID')" : tasks.joined(separator: ", ")) + o("task"))
        ]
    }

    /// The connection in one block, for `--verbose`.
    public var verboseDescription: String {
        "callq: connection\n" + listing.map { "  \($0.0) = \($0.1)" }.joined(separator: "\n")
    }

    /// The message shown when a statement needs the API but credentials are missing.
    ///
    /// Says exactly what is wrong: the config file cannot be read or is not
    /// TOML, or the profile has a uuid but no secret_key (or the reverse), or
    /// no credentials are given anywhere.
    public static func missingCredentialsMessage(
        paths: CallqPaths, profile: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        let file = paths.configFile.path
        let loaded: ConfigProfile
        do { loaded = try ConfigFile.load(paths.configFile, profile: profile, warn: { _ in }) } catch let e as ConfigError
            where e.brokenFile
        {
            return """
                \(e.description)
                the API connection needs settings from this file (base_url, uuid and secret_key were not all given by flags or the environment): fix the file, or give them with --base-url, --uuid and --secret-key (or CALLQ_BASE_URL, CALLQ_UUID and CALLQ_SECRET_KEY)
                """
        } catch {
            return "\(error)"
        }
        let envUUID = environment["CALLQ_UUID"].map { !$0.isEmpty } ?? false
        let envSecret = environment["CALLQ_SECRET_KEY"].map { !$0.isEmpty } ?? false
        let hasUUID = loaded["uuid"].map { !$0.isEmpty } ?? false
        let hasSecret = loaded["secret_key"].map { !$0.isEmpty } ?? false
        if hasUUID && !hasSecret && !envSecret {
            return
                "profile `\(profile)` in \(file) has a uuid but no secret_key: add secret_key = \"…\" under [\(profile)], or give --secret-key KEY or CALLQ_SECRET_KEY"
        }
        if hasSecret && !hasUUID && !envUUID {
            return
                "profile `\(profile)` in \(file) has a secret_key but no uuid: add uuid = \"…\" under [\(profile)], or give --uuid UUID or CALLQ_UUID"
        }
        if envUUID && !envSecret && !hasSecret {
            return
                "CALLQ_UUID is set but there is no secret key: set CALLQ_SECRET_KEY, give --secret-key KEY, or add secret_key to [\(profile)] in \(file)"
        }
        if envSecret && !envUUID && !hasUUID {
            return
                "CALLQ_SECRET_KEY is set but there is no uuid: set CALLQ_UUID, give --uuid UUID, or add uuid to [\(profile)] in \(file)"
        }
        return """
            no Callbot credentials: give the account uuid and secret key in one of these ways:
              1. flags:        callq --uuid UUID --secret-key KEY
              2. environment:  CALLQ_UUID=… CALLQ_SECRET_KEY=…
              3. config file:  \(file)
                               [\(profile)]
                               uuid = "…"
                               secret_key = "…"
            or try callq --demo, which runs against a built-in simulator.
            """
    }
}
