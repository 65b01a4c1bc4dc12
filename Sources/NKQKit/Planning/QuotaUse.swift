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
