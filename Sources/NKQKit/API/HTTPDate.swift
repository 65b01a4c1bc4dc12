import NKQCalendar

/// HTTP dates (RFC 9110 IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, and the obsolete RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT`) as UNIX seconds.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String) -> Double? {
        // Drop the weekday, then read "DD Mon YYYY HH:MM:SS GMT" or "DD-Mon-YY HH:MM:SS GMT".
        guard let comma = text.firstIndex(of: ",") else { return nil }
        let rest = text[text.index(after: comma)...].split(whereSeparator: { $0 == " " || $0 == "-" })
        guard rest.count == 5, rest[4].uppercased() == "GMT",
              let day = Int(rest[0]),
              let month = months.firstIndex(of: rest[1].lowercased()).map({ $0 + 1 }),
              var year = Int(rest[2])
        else { return nil }
        if rest[2].count == 2 { year += year < 70 ? 2000 : 1900 }
        let clock = rest[3].split(separator: ":").compactMap { Int($0) }
        // Years beyond 9999 are no date (and would overflow the arithmetic below).
        guard clock.count == 3, (1...9999).contains(year), (1...31).contains(day), (0...23).contains(clock[0]), (0...59).contains(clock[1]),
              (0...60).contains(clock[2])
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        return Double(days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2])
    }

    /// Formats UNIX seconds as IMF-fixdate (for tests and servers that send `Date`).
    static func format(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        var days = total / 86_400
        var secs = total % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let (year, month, day) = CivilDate.date(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let name = months[month - 1].prefix(1).uppercased() + months[month - 1].dropFirst()
        return "\(weekday), \(two(day)) \(name) \(year) \(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60)) GMT"
    }
}
