import Testing
@testable import NKQKit

@Suite struct TemporalValueTests {
    @Test func parsesDatesAndInstants() throws {
        #expect(TemporalValue.parse("2024-01-31")?.description == "2024-01-31")
        #expect(TemporalValue.parse("2021-01-14T16:35:44.94Z")?.description == "2021-01-14T16:35:44.94Z")
        #expect(TemporalValue.parse("2021-01-14T16:35:44Z")?.description == "2021-01-14T16:35:44Z")
        #expect(TemporalValue.parse("2021-01-14T16:35Z")?.description == "2021-01-14T16:35:00Z")
        // Offsets are converted to UTC, across midnight if need be.
        #expect(TemporalValue.parse("2021-01-14T00:30:00+01:00")?.description == "2021-01-13T23:30:00Z")
        #expect(TemporalValue.parse("2021-12-31T23:30:00-01:00")?.description == "2022-01-01T00:30:00Z")
    }

    @Test func rejectsImpossibleValues() {
        for text in ["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "2024-01-01T24:00:00Z",
                     "2024-01-01T10:00:00", "2024-01-01T10:00:00.Z", "20240101", "", "2024-01-01x"] {
            #expect(TemporalValue.parse(text) == nil, "\(text)")
        }
        #expect(TemporalValue.parse("2024-02-29") != nil)
        #expect(TemporalValue.parse("2000-02-29") != nil)
        #expect(TemporalValue.parse("1900-02-29") == nil)
    }

    @Test func variableFractionsOrderByInstant() throws {
        let a = try #require(TemporalValue.parse("2021-01-14T16:35:44.9Z"))
        let b = try #require(TemporalValue.parse("2021-01-14T16:35:44.94Z"))
        let c = try #require(TemporalValue.parse("2021-01-14T16:35:44.940Z"))
        #expect(a < b)
        #expect(TemporalValue.order(b, c) == 0)
        // A date against an instant is the start of its day.
        let day = try #require(TemporalValue.parse("2021-01-14"))
        #expect(TemporalValue.order(day, b) == -1)
        #expect(TemporalValue.order(day, try #require(TemporalValue.parse("2021-01-14T00:00:00Z"))) == 0)
        #expect(TemporalValue.order(try #require(TemporalValue.parse("2021-01-13")), b) == -1)
    }

    @Test func calendarArithmetic() throws {
        let jan31 = try #require(TemporalValue.parse("2024-01-31"))
        #expect(jan31.adding(months: 1).description == "2024-02-29")
        #expect(jan31.adding(months: 13).description == "2025-02-28")
        #expect(jan31.adding(months: -2).description == "2023-11-30")
        #expect(jan31.adding(days: 1).description == "2024-02-01")
        let leap = try #require(TemporalValue.parse("2024-02-29"))
        #expect(leap.adding(months: 12).description == "2025-02-28")
        let t = try #require(TemporalValue.parse("2024-03-01T01:00:00Z"))
        #expect(t.adding(seconds: -2 * 3600).description == "2024-02-29T23:00:00Z")
        #expect(TemporalValue.parse("1969-12-31")?.day == -1)
    }
}
