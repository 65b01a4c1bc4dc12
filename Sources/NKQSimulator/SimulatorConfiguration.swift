/// How a simulator instance behaves; the defaults match `nkq sim` without flags.
public struct SimulatorConfiguration: Sendable {
    /// Seeds the dataset, the tokens and the fault sequence.
    public var seed: UInt64 = 1
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 0
    /// Calls per client id and window on the API endpoints.
    public var rateLimit = 300
    public var rateWindowSeconds = 60
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
}
