import Foundation

/// What one response says about the quota, in seconds from its arrival.
///
/// Dialects: `x-ratelimit-reset` as UNIX seconds, or as seconds from now when the number is
/// small (below 10^9, i.e. before 2001 as a timestamp); `Retry-After` as seconds or an HTTP date.
/// Epoch values are read on the server's clock, estimated from its `Date` header. Counts are
/// clamped to 0…10^9 and spans to 0…1 year; text that is no finite number is ignored.
public struct RateLimitInfo: Sendable, Hashable {
    public var limit: Int?
    public var remaining: Int?
    /// Seconds until the window resets.
    public var resetIn: Double?
    /// Seconds the server asks to wait (429 or 503).
    public var retryAfter: Double?
    /// Server clock minus local clock, in seconds; zero unless the `Date` header is off by more
    /// than its one-second resolution can explain.
    public var clockSkew: Double

    /// Below this a reset value is a delta, above it a timestamp.
    public static let epochThreshold = 1_000_000_000.0
    /// Skews below this are within the `Date` header's truncation and ignored.
    public static let skewThreshold = 2.0

    public init(limit: Int? = nil, remaining: Int? = nil, resetIn: Double? = nil, retryAfter: Double? = nil,
                clockSkew: Double = 0) {
        self.limit = limit
        self.remaining = remaining
        self.resetIn = resetIn
        self.retryAfter = retryAfter
        self.clockSkew = clockSkew
    }

    /// Reads the headers of a response that arrived at `now` (UNIX seconds, local clock).
    public init(headers: HTTPHeaderFields, receivedAt now: Double) {
        var skew = 0.0
        if let date = headers["date"].flatMap(HTTPDate.parse) {
            let measured = date - now
            if abs(measured) >= Self.skewThreshold { skew = measured }
        }
        let serverNow = now + skew
        // Every number through `NetworkNumber`: a `1e300` or `inf` is clamped or ignored.
        self.init(
            limit: headers["x-ratelimit-limit"].flatMap(NetworkNumber.count),
            remaining: headers["x-ratelimit-remaining"].flatMap(NetworkNumber.count),
            resetIn: headers["x-ratelimit-reset"].flatMap(NetworkNumber.decimal).flatMap { reset in
                NetworkNumber.seconds(reset < Self.epochThreshold ? reset : reset - serverNow)
            },
            retryAfter: headers["retry-after"].flatMap { text in
                if let seconds = NetworkNumber.decimal(text) { return NetworkNumber.seconds(seconds) }
                return HTTPDate.parse(text).flatMap { NetworkNumber.seconds($0 - serverNow) }
            },
            clockSkew: skew)
    }

    /// Whether the response said anything about the quota.
    public var isEmpty: Bool { limit == nil && remaining == nil && resetIn == nil && retryAfter == nil }
}
