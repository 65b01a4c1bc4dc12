import Foundation

/// The time a statement runs at: `now` is this instant (to the second), `today` its calendar day
/// in UTC (not the local time zone), so that a script means the same day on every machine.
public struct StatementClock: Sendable, Hashable {
    public var now: TemporalValue

    public init(now: Date = Date()) {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down))
        self.now = TemporalValue(day: 0, seconds: seconds, nanos: 0, fractionDigits: 0)
    }

    /// A fixed instant, e.g. `2026-11-27T00:16:12Z`; for tests and reproducible runs.
    public init?(iso text: String) {
        guard let value = TemporalValue.parse(text), !value.isDate else { return nil }
        now = value
    }

    public var today: TemporalValue { now.date }

    /// Seconds since 1970, for comparing with quota reset times.
    public var epochSeconds: Int {
        now.day * 86_400 + Int((now.nanosecondOfDay ?? 0) / 1_000_000_000)
    }
}
