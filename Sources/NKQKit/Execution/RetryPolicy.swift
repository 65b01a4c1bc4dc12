/// Which failures are tried again, how long to wait in between, and when a statement stops
/// trying: a transient fault must not end a statement while the API still answers most calls,
/// and an API that is down must end it soon, after a bounded number of calls.
///
/// Per call: up to `maxAttempts` tries, with capped exponential backoff and jitter. Per
/// statement (`RetryBudget`): retries may not pass `retryBudget` plus `retriesPerSuccess` for
/// every call answered, and `breakerThreshold` failed tries in a row, whichever calls they
/// belonged to, open the breaker: the API looks down and no call tries again.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries per call, the first included.
    public var maxAttempts: Int
    /// Wait before the second try; doubles each time, with up to half again of jitter.
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var retryableStatuses: Set<Int>
    /// The longest `Retry-After` of a server fault that is waited out; a longer one is cut to it.
    public var maxServerWait: Duration = .seconds(30)
    /// Failed tries in a row, across the statement's calls, after which it gives up.
    public var breakerThreshold: Int
    /// Retries a statement may spend before any call has succeeded.
    public var retryBudget: Int
    /// Retries each answered call adds to the budget.
    public var retriesPerSuccess: Double

    public init(maxAttempts: Int = 20, baseDelay: Duration = .milliseconds(25), maxDelay: Duration = .seconds(1),
                retryableStatuses: Set<Int> = [500, 502, 503, 504], breakerThreshold: Int = 20,
                retryBudget: Int = 20, retriesPerSuccess: Double = 2) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryableStatuses = retryableStatuses
        self.breakerThreshold = max(1, breakerThreshold)
        self.retryBudget = max(0, retryBudget)
        self.retriesPerSuccess = max(0, retriesPerSuccess)
    }

    public static let standard = RetryPolicy()

    /// Server faults, timeouts and dropped connections; never 4xx, nor a host that cannot be
    /// reached at all.
    public func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as TransportError: error.isRetryable
        case ExecutionError.http(let status, _, _): retryableStatuses.contains(status)
        case ExecutionError.tokenEndpoint(_, let reason): reason.isRetryable
        default: false
        }
    }

    /// The wait after failed try number `attempt` (1-based): base · 2^(attempt−1), capped,
    /// times a random factor in [1, 1.5) so parallel callers spread out.
    /// A server that said when to come back (`serverAsked`, seconds) is not called sooner, up to
    /// `maxServerWait`.
    public func delay(afterAttempt attempt: Int, serverAsked: Double? = nil,
                      random: Double = Double.random(in: 0..<1)) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let raw = baseDelay * (1 << exponent)
        let capped = min(raw, maxDelay)
        let backoff = capped * (1 + 0.5 * min(max(random, 0), 1))
        guard let serverAsked, serverAsked.isFinite, serverAsked > 0 else { return backoff }
        return max(backoff, min(.seconds(clamping: serverAsked), maxServerWait))
    }
}
