/// How a simulator instance behaves; the defaults match `nkq sim` without flags.
public struct SimulatorConfiguration: Sendable {
    /// Seeds the dataset, the tokens and the fault sequence.
    public var seed: UInt64 = 1
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 0
    /// The client-level window: calls per client id and window on every API endpoint.
    public var rateLimit = 300
    public var rateWindowSeconds = 60
    /// Endpoints with a window of their own, passed in addition to the client-level one.
    public var resourceRateLimits: [SimulatorResource: RateWindow] = [:]
    /// Endpoints that answer without the `x-ratelimit-*` headers (429s included).
    public var resourcesWithoutRateLimitHeaders: Set<SimulatorResource> = []
    /// Version served per resource (`/nobbkontrakt/vN/...`); absent means 1.
    public var apiVersions: [SimulatorResource: Int] = [:]
    /// Sunset day (`yyyy-MM-dd`) per resource: its current version answers with `Deprecation` and `Sunset`.
    public var sunsets: [SimulatorResource: String] = [:]
    /// Delay before every API answer.
    public var latencyMilliseconds = 0
    /// Share of API calls (0...1) answered with 500 or 502.
    public var faultRate = 0.0
    public var tokenTTLSeconds = 3600
    /// Adds `Retry-After` to 429 answers.
    public var sendRetryAfter = false
    /// Writes one line per request to standard error.
    public var logRequests = false
    /// A connection that completes no request head (a slowloris client) or stays silent this
    /// long is closed, so idle and slow clients cannot hold every file descriptor.
    public var idleTimeoutSeconds = 30.0

    public init() {}

    /// The version `resource` is served at.
    public func version(of resource: SimulatorResource) -> Int { apiVersions[resource] ?? 1 }
}

/// `limit` calls per `seconds`-long fixed window.
public struct RateWindow: Sendable, Hashable {
    public var limit: Int
    public var seconds: Int

    public init(limit: Int, seconds: Int) {
        self.limit = limit
        self.seconds = seconds
    }
}
