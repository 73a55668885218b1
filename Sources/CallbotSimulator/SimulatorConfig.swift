// What a simulator run looks like: port, seed, data size, credentials,
// limits and fault rates. `callq sim` and `--demo` build one of these from flags.

import CallbotAPI

/// Configuration of a simulator server.
public struct SimulatorConfig: Sendable {
    /// TCP port on 127.0.0.1; 0 picks a free port.
    public var port: Int
    /// Seed of the data and of fault decisions.
    public var seed: UInt64
    /// Number of tasks.
    public var tasks: Int
    /// Orders per task.
    public var orders: Int
    /// The one account the server knows.
    public var credentials: Credentials
    /// Largest page size accepted (`size` above it is retCode 4).
    public var pageSizeLimit: Int
    /// Longest id/intent/status list accepted in options (longer is retCode 4001).
    public var listLimit: Int
    /// Accepted clock difference of `createTs`, in seconds.
    public var clockWindow: Int
    /// Injected faults.
    public var faults: Faults
    /// Most order ids one listOrderDetail request may carry (more is retCode 4001).
    public var detailLimit: Int
    /// How the running tasks change by themselves (see `CampaignSettings`); off by default.
    public var campaign: CampaignSettings

    public init(
        port: Int = 0, seed: UInt64 = 1, tasks: Int = 3, orders: Int = 500,
        credentials: Credentials = SimulatorConfig.demoCredentials,
        pageSizeLimit: Int = 100, listLimit: Int = 100, clockWindow: Int = 300,
        faults: Faults = Faults(), detailLimit: Int = ListOrderDetailRequest.vendorLimit,
        campaign: CampaignSettings = CampaignSettings()
    ) {
        self.port = port
        self.seed = seed
        self.tasks = tasks
        self.orders = orders
        self.credentials = credentials
        self.pageSizeLimit = pageSizeLimit
        self.listLimit = listLimit
        self.clockWindow = clockWindow
        self.faults = faults
        self.detailLimit = detailLimit
        self.campaign = campaign
    }

    /// Fixed account of `--demo` and of `callq sim` without `--uuid`/`--secret-key`.
    public static let demoCredentials = Credentials(
        uuid: "callq-demo-uuid-0000000000000001", secretKey: "callq-demo-secret-not-for-production",
        algorithm: .md5)
    /// The first task of every simulator; `--demo` uses it as the default task.
    public static let demoTaskID = "demo-task"
    /// The settings of `callq --demo`.
    public static var demo: SimulatorConfig { SimulatorConfig(seed: 42, tasks: 3, orders: 500) }
}

/// Fault injection rates (0...1) and delays, all off by default.
public struct Faults: Sendable, Hashable {
    /// Added to every request, in milliseconds.
    public var latencyMs: Int
    /// Extra random delay 0...jitterMs added to every request.
    public var jitterMs: Int
    /// Share of requests answered with retCode 7 (system busy).
    public var busyRate: Double
    /// Share of requests answered with HTTP 500.
    public var errorRate: Double
    /// Share of replies whose body is cut off midway (the connection then closes).
    public var truncateRate: Double
    /// Share of listOrder requests before which new orders appear at the front of the task.
    public var mutateRate: Double
    /// Share of replies whose body is altered after signing (the signature no longer matches).
    public var tamperRate: Double
    /// Share of replies answered with an HTML log-in page and HTTP 200 (a misconfigured
    /// proxy): `MalformedReply.Kind.loginPage` on every endpoint.
    public var htmlRate: Double
    /// Share of replies that are valid-length but end early, signed over the whole reply
    /// (`MalformedReply.Kind.truncated` on every endpoint).
    public var shortBodyRate: Double
    /// Seconds sent in `Retry-After` with busy, HTTP 429 and HTTP 500 replies (nil: no header).
    public var retryAfter: Int?
    /// Share of requests answered with retCode 5 (maintenance) or 5001 (internal error), alternately.
    public var maintenanceRate: Double
    /// Share of requests answered with HTTP 429 (too many requests).
    public var throttleRate: Double
    /// Kinds of malformed listOrder replies to serve (one picked at random per reply); empty: none.
    public var malformed: [MalformedReply.Kind]
    /// Share of listOrder replies that are malformed when `malformed` names kinds (1: every one).
    public var malformedRate: Double
    /// Pages that do not add up to their totalCount (a hostile server); nil: none.
    public var hostilePaging: HostilePaging? = nil
    /// A hostile server that ignores `size`: every listOrder reply holds the task's whole
    /// order list (tests of reply-size limits and of the too-many-orders warning).
    public var ignoreSize = false

    public init(
        latencyMs: Int = 0, jitterMs: Int = 0, busyRate: Double = 0, errorRate: Double = 0,
        truncateRate: Double = 0, mutateRate: Double = 0, tamperRate: Double = 0,
        htmlRate: Double = 0, shortBodyRate: Double = 0, retryAfter: Int? = nil,
        maintenanceRate: Double = 0, throttleRate: Double = 0,
        malformed: [MalformedReply.Kind] = [], malformedRate: Double = 1
    ) {
        self.latencyMs = latencyMs
        self.jitterMs = jitterMs
        self.busyRate = busyRate
        self.errorRate = errorRate
        self.truncateRate = truncateRate
        self.mutateRate = mutateRate
        self.tamperRate = tamperRate
        self.htmlRate = htmlRate
        self.shortBodyRate = shortBodyRate
        self.retryAfter = retryAfter
        self.maintenanceRate = maintenanceRate
        self.throttleRate = throttleRate
        self.malformed = malformed
        self.malformedRate = malformedRate
    }
}
