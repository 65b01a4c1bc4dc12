import Testing
@testable import NKQKit

/// `today` is the API's date, Norway's: in the hour or two after Norwegian midnight UTC still has
/// the day before, and a `calculationDate = today` from UTC would be refused as past.
@Suite struct StatementClockTests {
    @Test(arguments: [
        ("2026-12-01T22:30:00Z", "2026-12-01"),  // 23:30 in Oslo (CET, +1)
        ("2026-12-01T23:30:00Z", "2026-12-02"),  // 00:30 in Oslo
        ("2026-07-01T21:59:59Z", "2026-07-01"),  // 23:59:59 in Oslo (CEST, +2)
        ("2026-07-01T22:00:00Z", "2026-07-02"),  // midnight in Oslo
    ])
    func todayIsTheDateInNorway(instant: String, date: String) throws {
        let clock = try #require(StatementClock(iso: instant))
        #expect(clock.today == TemporalValue.parse(date))
    }
}
