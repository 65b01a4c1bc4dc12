/// How one statement runs: `--concurrency`, `--on-limit`, `--max-calls`, `--no-cache`, `--max-wait`.
public struct ExecutionOptions: Sendable, Hashable {
    /// Independent requests run at once; the pages of one request always run in order.
    public var concurrency: Int
    public var onLimit: QuotaGate.LimitPolicy
    /// Refuse plans that may need more calls, and stop at this many (nil = no budget).
    public var maxCalls: Int?
    public var useCache: Bool
    public var retry: RetryPolicy
    public var requestTimeout: Duration
    /// Pages a request may fetch ahead of the row the consumer is reading.
    public var pagesAhead: Int
    /// A guard against an API that ignores the page parameter.
    public var maxPagesPerRequest: Int
    /// 429s tolerated for one call before giving up (another client hogging the quota).
    public var maxThrottlesPerCall: Int
    /// The longest one wait for the quota may be (`--max-wait`); a longer one is not begun.
    public var maxWait: Duration

    public static let defaultMaxWait = Duration.seconds(15 * 60)

    public init(concurrency: Int = 4, onLimit: QuotaGate.LimitPolicy = .wait, maxCalls: Int? = nil,
                useCache: Bool = true, retry: RetryPolicy = .standard, requestTimeout: Duration = .seconds(30),
                pagesAhead: Int = 16, maxPagesPerRequest: Int = 10_000, maxThrottlesPerCall: Int = 20,
                maxWait: Duration = ExecutionOptions.defaultMaxWait) {
        self.concurrency = max(1, concurrency)
        self.onLimit = onLimit
        self.maxCalls = maxCalls
        self.useCache = useCache
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.pagesAhead = max(1, pagesAhead)
        self.maxPagesPerRequest = max(1, maxPagesPerRequest)
        self.maxThrottlesPerCall = max(0, maxThrottlesPerCall)
        self.maxWait = max(.zero, maxWait)
    }
}
