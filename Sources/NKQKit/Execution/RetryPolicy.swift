/// Which failures are tried again, and how long to wait in between.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries per call, the first included.
    public var maxAttempts: Int
    /// Wait before the second try; doubles each time, with up to half again of jitter.
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var retryableStatuses: Set<Int>
    /// The longest `Retry-After` of a server fault that is waited out; a longer one is cut to it.
    public var maxServerWait: Duration = .seconds(30)

    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5),
                retryableStatuses: Set<Int> = [500, 502, 503, 504]) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryableStatuses = retryableStatuses
    }

    public static let standard = RetryPolicy()

    /// Server faults, timeouts and dropped connections; never 4xx.
    public func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as TransportError: error.isRetryable
        case ExecutionError.http(let status, _, _): retryableStatuses.contains(status)
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
        let backoff = capped * (1 + 0.5 * random)
        guard let serverAsked, serverAsked.isFinite, serverAsked > 0 else { return backoff }
        return max(backoff, min(.milliseconds(Int64(serverAsked * 1000)), maxServerWait))
    }
}
