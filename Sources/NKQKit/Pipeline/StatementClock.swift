import Foundation

/// The time a statement runs at: `now` is this instant (to the second); `today` is the date in
/// Norway (Europe/Oslo), the API's server date, so that `calculationDate = today` is the day the
/// API calls today on every machine, also in the hours after Norwegian midnight when UTC still
/// has the day before.
public struct StatementClock: Sendable, Hashable {
    public var now: TemporalValue
    /// Seconds Norway's clocks are ahead of UTC at `now` (one hour in winter, two in summer).
    let norwayOffset: Int

    public init(now: Date = Date()) {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down))
        self.now = TemporalValue(day: 0, seconds: seconds, nanos: 0, fractionDigits: 0)
        norwayOffset = Self.norwayOffset(at: now)
    }

    /// A fixed instant, e.g. `2026-11-27T00:16:12Z`; for tests and reproducible runs.
    public init?(iso text: String) {
        guard let value = TemporalValue.parse(text), !value.isDate else { return nil }
        now = value
        let seconds = value.day * 86_400 + Int((value.nanosecondOfDay ?? 0) / 1_000_000_000)
        norwayOffset = Self.norwayOffset(at: Date(timeIntervalSince1970: Double(seconds)))
    }

    public var today: TemporalValue {
        TemporalValue(day: 0, seconds: epochSeconds + norwayOffset, nanos: 0, fractionDigits: 0).date
    }

    /// Seconds since 1970, for comparing with quota reset times.
    public var epochSeconds: Int {
        now.day * 86_400 + Int((now.nanosecondOfDay ?? 0) / 1_000_000_000)
    }

    static func norwayOffset(at date: Date) -> Int {
        TimeZone(identifier: "Europe/Oslo")?.secondsFromGMT(for: date) ?? 3_600
    }
}
