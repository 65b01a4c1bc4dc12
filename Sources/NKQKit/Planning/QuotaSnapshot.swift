/// The quota as the last response's `x-ratelimit-*` headers told it, for the plan's cost.
public struct QuotaSnapshot: Sendable, Hashable {
    public var limit: Int
    public var remaining: Int
    /// UNIX seconds when the window resets.
    public var reset: Int

    public init(limit: Int, remaining: Int, reset: Int) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }
}
