/// The quota as the last response's `x-ratelimit-*` headers told it: for the plan's cost and `.quota`.
public struct QuotaSnapshot: Sendable, Hashable {
    public var limit: Int
    public var remaining: Int
    /// UNIX seconds when the window resets.
    public var reset: Int
    /// UNIX seconds when the headers were read; nil when not known.
    public var seenAt: Int?

    public init(limit: Int, remaining: Int, reset: Int, seenAt: Int? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
        self.seenAt = seenAt
    }
}
