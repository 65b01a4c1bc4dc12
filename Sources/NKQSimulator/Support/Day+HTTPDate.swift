extension Day {
    /// Midnight UTC of this day as an HTTP date (RFC 9110 IMF-fixdate), e.g. `Tue, 01 Jun 2027 00:00:00 GMT`.
    var httpDate: String {
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let (year, month, day) = components
        let weekday = weekdays[((number % 7) + 7) % 7]
        return "\(weekday), \(Self.twoDigits(day)) \(months[month - 1]) \(year) 00:00:00 GMT"
    }
}
