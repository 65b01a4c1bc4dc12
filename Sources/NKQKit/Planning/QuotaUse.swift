/// What a plan needs of one rate-limit window that paces its calls.
public struct QuotaUse: Sendable, Hashable {
    /// The window, e.g. `the prices window`.
    public var window: String
    /// The calls counted: the estimate, else the maximum, else the minimum.
    public var calls: Int
    public var limit: Int
    public var remaining: Int
    /// Seconds until the window resets (0 when already past).
    public var resetsIn: Int

    public init(window: String, calls: Int, limit: Int, remaining: Int, resetsIn: Int) {
        self.window = window
        self.calls = calls
        self.limit = limit
        self.remaining = remaining
        self.resetsIn = resetsIn
    }

    /// Share of one full window, 0…∞ (1 = the whole window).
    public var shareOfLimit: Double { limit > 0 ? Double(calls) / Double(limit) : 0 }
    public var fitsInRemaining: Bool { calls <= remaining }

    /// The uses of every window in `quota` that paces `endpoint`, for `calls` calls on it. A
    /// window whose reset has passed is full again; a window without a known limit (an
    /// endpoint without headers) has no share to tell.
    static func uses(of quota: QuotaSnapshot, endpoint: String, calls: Int, now: Double) -> [QuotaUse] {
        quota.windows(pacing: endpoint).compactMap { window in
            guard let limit = window.limit else { return nil }
            let resetsIn = window.resetAt.map { max(0, Int(($0.timeIntervalSince1970 - now).rounded(.up))) } ?? 0
            let remaining = resetsIn == 0 ? limit : window.remaining ?? limit
            return QuotaUse(window: window.name, calls: calls, limit: limit, remaining: remaining, resetsIn: resetsIn)
        }
    }
}
