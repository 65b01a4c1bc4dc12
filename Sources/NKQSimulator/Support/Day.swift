import Foundation
import NKQCalendar

/// A calendar date as days since 1970-01-01; formats and parses `yyyy-MM-dd`.
struct Day: Hashable, Comparable, Sendable {
    let number: Int

    init(number: Int) { self.number = number }

    init(_ year: Int, _ month: Int, _ day: Int) {
        number = CivilDate.days(year: year, month: month, day: day)
    }

    var components: (year: Int, month: Int, day: Int) {
        CivilDate.date(fromDays: number)
    }

    static func + (day: Day, days: Int) -> Day { Day(number: day.number + days) }
    static func - (day: Day, days: Int) -> Day { Day(number: day.number - days) }
    static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

    /// The first day of the month after this one.
    var firstOfNextMonth: Day {
        let (year, month, _) = components
        return month == 12 ? Day(year + 1, 1, 1) : Day(year, month + 1, 1)
    }

    var text: String {
        let (year, month, day) = components
        return "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Strict `yyyy-MM-dd` with a real calendar date; nil otherwise.
    init?(parsing text: Substring) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            year >= 1, (1...12).contains(month), day >= 1
        else { return nil }
        let candidate = Day(year, month, day)
        guard candidate.components == (year, month, day) else { return nil }
        self = candidate
    }

    /// Today's date in Norway, the API's server date.
    static func today(now: Date = Date()) -> Day {
        let offset = TimeZone(identifier: "Europe/Oslo")?.secondsFromGMT(for: now) ?? 0
        let seconds = Int(now.timeIntervalSince1970.rounded(.down)) + offset
        return Day(number: Int((Double(seconds) / 86_400).rounded(.down)))
    }
}

/// A UTC instant with hundredths of a second, written like the API (`2021-01-14T16:35:44.94Z`).
struct Timestamp: Hashable, Comparable, Sendable {
    let day: Day
    let secondOfDay: Int
    let hundredths: Int

    static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.day, lhs.secondOfDay, lhs.hundredths) < (rhs.day, rhs.secondOfDay, rhs.hundredths)
    }

    var text: String {
        let hours = secondOfDay / 3600, minutes = secondOfDay / 60 % 60, seconds = secondOfDay % 60
        var fraction = ""
        if hundredths > 0 {
            fraction = "." + Day.twoDigits(hundredths)
            if fraction.hasSuffix("0") { fraction.removeLast() }
        }
        return "\(day.text)T\(Day.twoDigits(hours)):\(Day.twoDigits(minutes)):\(Day.twoDigits(seconds))\(fraction)Z"
    }
}
