// What a query run needs from its surroundings: the API client (absent when only
// files are read), paging limits, what to do about very large scans, and where
// progress and warnings go. The session fills it from its settings.
import CallbotClient
import CallqMirror
import CallqSemantics

/// A query needs more requests than `max_pages` allows and nobody agreed to go on.
public struct PageBudgetError: Error, CustomStringConvertible, Sendable {
    public var requests: Int
    public var maxPages: Int
    /// The count is of requests already sent (a `limit` query budgets as it goes), not planned.
    public var sent: Bool
    public var description: String {
        if sent {
            return "this query has sent \(requests) page requests (max_pages = \(maxPages)) without filling its limit; "
                + "narrow the filter, add `page A..B`, or raise `set max_pages`"
        }
        let raise = requests <= SettingSpec.maxPagesLimit ? ", or `set max_pages = \(requests)`" : ""
        return "this query needs \(requests) page requests, more than max_pages = \(maxPages); "
            + "narrow the filter, add `page A..B` or `limit`\(raise)"
    }
    /// The question the REPL asks before going on.
    public var question: String {
        sent
            ? "this query has sent \(requests) page requests (max_pages = \(maxPages)) and is not done."
            : "this query needs \(requests) page requests (more than max_pages = \(maxPages))."
    }
    public init(requests: Int, maxPages: Int, sent: Bool = false) {
        self.requests = requests
        self.maxPages = maxPages
        self.sent = sent
    }
}

/// A query on the API was run without credentials.
public struct NoConnectionError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The surroundings of one query run.
public struct ExecutionContext: Sendable {
    public var client: CallbotClient?
    public var concurrency: Int
    /// Skip lines of saved files that are not orders (with a warning) instead of failing.
    public var skipBadLines: Bool
    /// Longest line of a saved file, in bytes (`max_line`): a longer one is an error.
    public var maxLineBytes: Int
    /// Asked (with a sentence saying why) when a scan needs, or has sent, more than `max_pages`
    /// requests; true goes on. Nil refuses (scripts).
    public var confirmLargeScan: (@Sendable (String) async -> Bool)?
    /// Called after each page: pages done, pages planned (nil = unknown), rows so far.
    public var progress: (@Sendable (Int, Int?, Int) -> Void)?
    public var warn: @Sendable (String) -> Void
    /// Descriptor read by `from stdin`.
    public var stdinDescriptor: Int32
    /// Why there is no client (shown when an API query is run without one).
    public var noClientReason: String
    /// The local mirror and the account whose orders it reads (`from mirror`).
    public var mirror: (store: MirrorStore, account: String)?
    /// Longest one `~` match may take on one value, in seconds (`set regex_timeout`).
    public var regexTimeLimit: Double = 10

    public init(
        client: CallbotClient?, concurrency: Int = 4, skipBadLines: Bool = false,
        maxLineBytes: Int = OrderFileReader.defaultMaxLine,
        confirmLargeScan: (@Sendable (String) async -> Bool)? = nil,
        progress: (@Sendable (Int, Int?, Int) -> Void)? = nil,
        warn: @escaping @Sendable (String) -> Void = { _ in }, stdinDescriptor: Int32 = 0,
        noClientReason: String = "no API connection", mirror: (store: MirrorStore, account: String)? = nil
    ) {
        self.client = client
        self.concurrency = concurrency
        self.skipBadLines = skipBadLines
        self.maxLineBytes = maxLineBytes
        self.confirmLargeScan = confirmLargeScan
        self.progress = progress
        self.warn = warn
        self.stdinDescriptor = stdinDescriptor
        self.noClientReason = noClientReason
        self.mirror = mirror
    }
}
