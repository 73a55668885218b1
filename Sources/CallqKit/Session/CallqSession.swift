// The embedding API's centre: a session holds the connection, settings,
// variables and default tasks, and runs statements — each one prepared (parsed,
// checked, planned) and then executed (the jlox-style `run`), writing its result
// to the session's output target. Programs embedding callq and the callq
// executable both use exactly this type.
import CallbotAPI
import CallbotClient
import CallqEngine
import CallqMirror
import CallqOutput
import CallqPlanner
import CallqSemantics
import Foundation

/// A callq session.
public actor CallqSession {
    public private(set) var connection: ConnectionSettings
    /// Variables, default tasks and settings, as the next statement sees them.
    var state: StatementState
    public var settings: SessionSettings { state.settings }
    public var variables: [String: Variable] { state.variables }
    public var defaultTasks: [String] { state.defaultTasks }
    /// Task ids seen in this session (for completion).
    public private(set) var seenTaskIDs: [String] = []
    /// Where results go; `.output PATH` replaces it.
    public var output: OutputTarget
    let paths: CallqPaths
    let warn: @Sendable (String) -> Void
    var client: CallbotClient?
    var clientConfig: CallbotClientConfig?
    /// Asked (with the reason) before a scan goes past max_pages; nil refuses (scripts).
    var confirmLargeScan: (@Sendable (String) async -> Bool)?
    /// Redirected output (`.output PATH`), closed when replaced.
    var redirect: OutputSink?
    /// The local mirror, opened on first use.
    var mirrorStore: MirrorStore?
    /// Print what happens step by step (`--verbose`): the plans, and each step of a sync.
    public private(set) var verbose = false

    public init(
        connection: ConnectionSettings, settings: SessionSettings = SessionSettings(),
        output: OutputTarget = .standardOutput(progress: true), paths: CallqPaths = CallqPaths(),
        warn: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    ) {
        self.connection = connection
        self.state = StatementState(settings: settings, defaultTasks: connection.tasks)
        self.output = output
        self.paths = paths
        self.warn = warn
        self.seenTaskIDs = connection.tasks
    }

    /// Ends the session: finishes a redirected output file and drops the client
    /// (connections are pooled process-wide and closed at exit).
    public func close() async {
        try? setOutput(path: nil)
        client = nil
    }

    /// The descriptor `orders from stdin` reads (0 unless an embedding program gives another).
    public private(set) var standardInput: Int32 = 0

    /// Makes `orders from stdin` read `descriptor` (a pipe or file an embedding program opened).
    public func setStandardInput(_ descriptor: Int32) { standardInput = descriptor }

    /// Whether a query written `into` a file says how many rows it wrote (the REPL, where
    /// nothing else would show that it worked).
    public private(set) var announcesExports = false

    public func setAnnouncesExports(_ on: Bool) { announcesExports = on }

    /// Turns step-by-step reports on stderr on or off (`--verbose`).
    public func setVerbose(_ on: Bool) { verbose = on }

    /// Where the local mirror lives.
    public var mirrorPath: String { paths.mirrorDatabase.path }

    public func setConfirmLargeScan(_ f: (@Sendable (String) async -> Bool)?) { confirmLargeScan = f }

    /// Defines `$name` from text (`-D NAME=VALUE`); a script's `let NAME = …` does not replace it.
    public func define(_ name: String, text: String) {
        state.variables[name] = .text(text)
        state.pinned.insert(name)
    }

    /// Lets a `let` replace the `-D` values again (the REPL, once its init script has run:
    /// what the user types has the last word).
    public func releaseDefinitions() { state.pinned = [] }

    /// Applies a setting by name from text (config-profile defaults, flags, dot-commands).
    public func apply(setting name: String, value: String) throws(CallqError) {
        do { try state.settings.apply(name, value) } catch { throw CallqError(.usage, error.description) }
    }

    /// The client for the current settings, made on first use.
    func apiClient() throws(CallqError) -> CallbotClient {
        guard let credentials = connection.credentials else {
            throw CallqError(.runtime, ConnectionSettings.missingCredentialsMessage(paths: paths, profile: connection.profile))
        }
        var config = CallbotClientConfig(
            baseURL: connection.baseURL, credentials: credentials,
            timeout: .milliseconds(Int(settings.timeout * 1000)), maxAttempts: settings.retries,
            retryAfterCap: .milliseconds(Int64(settings.retryAfterMax * 1000)),
            verify: settings.verify, idsPerList: settings.idsPerList)
        config.maxReplyBytes = settings.maxReply << 20
        config.notice = warn
        if let client, let clientConfig, clientConfig.sameAs(config) { return client }
        let fresh = CallbotClient(config: config)
        client = fresh
        clientConfig = config
        return fresh
    }

    func remember(tasks: [String]) {
        for t in tasks where !seenTaskIDs.contains(t) { seenTaskIDs.append(t) }
    }

    /// Parses, checks and plans one statement against the session's current state.
    public func prepare(_ text: String, origin: StatementOrigin? = nil) throws(CallqError) -> PreparedStatement {
        try state.prepare(text, origin: origin)
    }

    /// The plan of a query, as a value (`explain` without running anything).
    public func explain(_ text: String) throws(CallqError) -> Plan {
        // A plan as a value (also for `rows`): nothing is written, so `set format` does not apply.
        var unformatted = state
        unformatted.settings.format = nil
        guard let plan = try unformatted.prepare(text, origin: nil).plan else {
            throw CallqError(.usage, "explain takes a query (orders …, tasks …)")
        }
        return plan
    }
}

extension CallbotClientConfig {
    func sameAs(_ o: CallbotClientConfig) -> Bool {
        baseURL == o.baseURL && credentials == o.credentials && timeout == o.timeout && maxAttempts == o.maxAttempts
            && verify == o.verify && idsPerList == o.idsPerList
            && maxReplyBytes == o.maxReplyBytes && retryAfterCap == o.retryAfterCap
    }
}
