/// A bearer token and when to stop using it. Prints redacted.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let value: String
    /// When the provider fetches a new one instead (before the server's expiry).
    public let refreshAt: ContinuousClock.Instant

    public init(value: String, refreshAt: ContinuousClock.Instant) {
        self.value = value
        self.refreshAt = refreshAt
    }

    public var description: String { "AccessToken(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["value": "<redacted>"]) }

    /// How long before `expires_in` runs out to refresh: a minute for long lifetimes, a tenth
    /// for short ones (a 2 s token is refreshed after 1.8 s).
    /// A lifetime beyond a year (or infinite) is taken as a year.
    public static func lifetime(expiresIn seconds: Double) -> Duration {
        guard let seconds = NetworkNumber.seconds(seconds), seconds > 0 else { return .zero }
        let margin = seconds >= 600 ? 60 : seconds * 0.1
        return .seconds(clamping: seconds - margin)
    }
}
