// The embedding API's centre: a session holds the connection, settings,
// variables and default tasks, and runs statements — each one parsed, checked,
// planned and executed in turn (the jlox-style `run`), writing its result to the
// session's output target. Programs embedding callq and the callq executable
// both use exactly this type.
import CallbotAPI
import CallbotClient
import CallqEngine
import CallqJSON
import CallqOutput
import CallqPlanner
import CallqSemantics
import CallqSyntax
import Foundation

/// A callq session.
public actor CallqSession {
    public private(set) var connection: ConnectionSettings
    public private(set) var settings: SessionSettings
    public internal(set) var variables: [String: Variable] = [:]
    public internal(set) var defaultTasks: [String]
    /// Task ids seen in this session (for completion).
    public private(set) var seenTaskIDs: [String] = []
    /// Where results go; `.output PATH` replaces it.
    public var output: OutputTarget
    let paths: CallqPaths
    let warn: @Sendable (String) -> Void
    var client: CallbotClient?
    var clientConfig: CallbotClientConfig?
    /// Asked before a scan larger than max_pages; nil refuses (scripts).
    var confirmLargeScan: (@Sendable (Int) async -> Bool)?
    /// Redirected output (`.output PATH`), closed when replaced.
    var redirect: OutputSink?

    public init(connection: ConnectionSettings, settings: SessionSettings = SessionSettings(),
                output: OutputTarget = .standardOutput(progress: true), paths: CallqPaths = CallqPaths(),
                warn: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.connection = connection
        self.settings = settings
        self.output = output
        self.paths = paths
        self.warn = warn
        self.defaultTasks = connection.tasks
        self.seenTaskIDs = connection.tasks
    }

    /// Ends the session: finishes a redirected output file and drops the client
    /// (connections are pooled process-wide and closed at exit).
    public func close() async {
        try? setOutput(path: nil)
        client = nil
    }

    public func setConfirmLargeScan(_ f: (@Sendable (Int) async -> Bool)?) { confirmLargeScan = f }

    /// Defines `$name` from text (like `-D NAME=VALUE`).
    public func define(_ name: String, text: String) { variables[name] = .text(text) }

    /// Applies a setting by name (config-profile defaults, flags).
    public func apply(setting name: String, value: String) throws(CallqError) {
        do { try settings.apply(name, value) } catch { throw CallqError(.usage, error.description) }
    }

    var checkContext: CheckContext {
        CheckContext(variables: variables, timeZone: settings.timeZone, now: Date(), defaultTasks: defaultTasks)
    }

    var planSettings: PlanSettings {
        PlanSettings(pageSize: settings.pageSize, idsPerList: settings.idsPerList, recheck: settings.recheck,
                     maxPages: settings.maxPages)
    }

    /// The client for the current settings, made on first use.
    func apiClient() throws(CallqError) -> CallbotClient {
        guard let credentials = connection.credentials else {
            throw CallqError(.runtime, ConnectionSettings.missingCredentialsMessage(paths: paths, profile: connection.profile))
        }
        let config = CallbotClientConfig(
            baseURL: connection.baseURL, credentials: credentials,
            timeout: .milliseconds(Int(settings.timeout * 1000)), maxAttempts: settings.retries,
            verify: settings.verify, idsPerList: settings.idsPerList)
        if let client, let clientConfig, clientConfig.sameAs(config) { return client }
        let fresh = CallbotClient(config: config)
        client = fresh
        clientConfig = config
        return fresh
    }

    func remember(tasks: [String]) {
        for t in tasks where !seenTaskIDs.contains(t) { seenTaskIDs.append(t) }
    }

    /// Checks one statement's text.
    public func check(_ text: String) throws(Diagnostic) -> CheckedStatement {
        try Checker.check(text, context: checkContext)
    }

    /// The plan of a query, as a value (`explain` without running anything).
    public func explain(_ text: String) throws(CallqError) -> Plan {
        let statement: CheckedStatement
        do { statement = try check(text) } catch { throw CallqError(.usage, error.render(source: text)) }
        switch statement {
        case .query(let q), .explain(let q):
            do { return try Planner.plan(q, settings: planSettings) } catch {
                throw CallqError(.usage, error.render(source: text))
            }
        default:
            throw CallqError(.usage, "explain takes a query (orders …)")
        }
    }
}

extension CallbotClientConfig {
    func sameAs(_ o: CallbotClientConfig) -> Bool {
        baseURL == o.baseURL && credentials == o.credentials && timeout == o.timeout && maxAttempts == o.maxAttempts
            && verify == o.verify && idsPerList == o.idsPerList
    }
}
