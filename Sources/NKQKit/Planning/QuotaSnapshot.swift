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

/// What a plan needs of the current quota.
public struct QuotaUse: Sendable, Hashable {
    /// The calls counted: the estimate, else the maximum, else the minimum.
    public var calls: Int
    public var limit: Int
    public var remaining: Int
    /// Seconds until the window resets (0 when already past).
    public var resetsIn: Int

    /// Share of one full window, 0…∞ (1 = the whole window).
    public var shareOfLimit: Double { limit > 0 ? Double(calls) / Double(limit) : 0 }
    public var fitsInRemaining: Bool { calls <= remaining }
}

/// How a `limit` is honoured; the plan says which (explain prints it).
public enum LimitPlacement: Sendable, Hashable {
    /// Nothing before the limit drops or multiplies rows: fetching stops once N rows are in hand.
    case fetch(Int)
    /// A local stage before the limit (named) drops or multiplies rows, so the number of calls
    /// is not capped, but the run stops pulling (and cancels calls) once N rows pass it.
    case stopsStream(Int, after: String)
    /// A stage before the limit (named: sort, group by, count) needs every row: all are fetched.
    case afterAllRows(Int, after: String)

    public var rows: Int {
        switch self {
        case .fetch(let n), .stopsStream(let n, _), .afterAllRows(let n, _): n
        }
    }
}
