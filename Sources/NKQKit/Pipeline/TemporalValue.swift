import NKQCalendar

/// A date (`2024-01-31`) or an instant (`2021-01-14T16:35:44.94Z`), in UTC.
///
/// Rows carry dates as strings; the pipeline parses them so that they compare as dates, not
/// as text (`…44.94Z` is later than `…44.9Z`, which text order gets wrong). A date compared with
/// an instant stands for the start of its day, 00:00 UTC (as docs/language.md says).
public struct TemporalValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var day: Int
    /// Nanoseconds since midnight UTC; nil for a date.
    public var nanosecondOfDay: Int64?
    /// Fraction digits to print for an instant (as read; 0 = whole seconds).
    public var fractionDigits: Int

    public init(day: Int, nanosecondOfDay: Int64? = nil, fractionDigits: Int = 0) {
        self.day = day
        self.nanosecondOfDay = nanosecondOfDay
        self.fractionDigits = fractionDigits
    }

    public init?(year: Int, month: Int, day: Int) {
        guard CivilDate.isValid(year: year, month: month, day: day) else { return nil }
        self.init(day: CivilDate.days(year: year, month: month, day: day))
    }

    public var isDate: Bool { nanosecondOfDay == nil }

    /// The calendar day alone.
    public var date: TemporalValue { TemporalValue(day: day) }

    public var civil: (year: Int, month: Int, day: Int) { CivilDate.date(fromDays: day) }

    /// Three-way comparison in time order; a date is the instant its day starts.
    public static func order(_ a: TemporalValue, _ b: TemporalValue) -> Int {
        if a.day != b.day { return a.day < b.day ? -1 : 1 }
        let x = a.nanosecondOfDay ?? 0, y = b.nanosecondOfDay ?? 0
        return x == y ? 0 : (x < y ? -1 : 1)
    }

    public static func < (a: TemporalValue, b: TemporalValue) -> Bool { order(a, b) < 0 }

    public static func == (a: TemporalValue, b: TemporalValue) -> Bool { order(a, b) == 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(day)
    }

    // MARK: Text

    /// `yyyy-MM-dd` for a date; `yyyy-MM-ddTHH:mm:ss[.f…]Z` for an instant.
    public var description: String {
        let (y, m, d) = civil
        var out = Self.pad(y, 4) + "-" + Self.pad(m, 2) + "-" + Self.pad(d, 2)
        guard let nanos = nanosecondOfDay else { return out }
        let seconds = Int(nanos / 1_000_000_000)
        out += "T" + Self.pad(seconds / 3600, 2) + ":" + Self.pad(seconds / 60 % 60, 2) + ":" + Self.pad(seconds % 60, 2)
        if fractionDigits > 0 {
            let fraction = Self.pad(Int(nanos % 1_000_000_000), 9)
            out += "." + fraction.prefix(min(fractionDigits, 9))
        }
        return out + "Z"
    }

    /// Parses `yyyy-MM-dd`, or that followed by `THH:mm[:ss[.fraction]]` and `Z` or `±HH:mm`
    /// (converted to UTC). Anything else, or an impossible date or time, is nil.
    public static func parse(_ text: String) -> TemporalValue? {
        var text = text
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Cheap check that a string may be a date, before the full parse.
    @inline(__always)
    static func looksTemporal(_ s: String) -> Bool {
        var utf8 = s.utf8.makeIterator()
        for i in 0..<5 {
            guard let b = utf8.next() else { return false }
            if i == 4 { return b == UInt8(ascii: "-") }
            guard b >= 0x30 && b <= 0x39 else { return false }
        }
        return false
    }

    static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> TemporalValue? {
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= b.count else { return nil }
            var v = 0
            for k in 0..<width {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += width
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let y = number(4), expect("-"), let m = number(2), expect("-"), let d = number(2),
              let date = TemporalValue(year: y, month: m, day: d) else { return nil }
        if i == b.count { return date }
        guard expect("T") || expect("t") || expect(" "), let hh = number(2), expect(":"), let mm = number(2) else { return nil }
        var ss = 0
        var nanos: Int64 = 0
        var digits = 0
        if expect(":") {
            guard let s = number(2) else { return nil }
            ss = s
            if expect(".") || expect(",") {
                var scale: Int64 = 100_000_000
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    nanos += Int64(b[i] - 0x30) * scale
                    scale /= 10
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
            }
        }
        guard hh < 24, mm < 60, ss < 60 else { return nil }
        var offsetSeconds = 0
        if expect("Z") || expect("z") {
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2) else { return nil }
            _ = expect(":")
            guard let om = number(2), oh < 24, om < 60 else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = hh * 3600 + mm * 60 + ss - offsetSeconds
        return TemporalValue(day: date.day, seconds: seconds, nanos: nanos, fractionDigits: digits)
    }

    /// An instant from a day and seconds that may run past either end of it.
    init(day: Int, seconds: Int, nanos: Int64, fractionDigits: Int) {
        let dayShift = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - dayShift * 86_400
        self.init(day: day + dayShift, nanosecondOfDay: Int64(secondOfDay) * 1_000_000_000 + nanos, fractionDigits: fractionDigits)
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, UTC)

    /// Adds months, keeping the day unless the month is shorter (Jan 31 + 1 month = Feb 28/29).
    public func adding(months: Int) -> TemporalValue {
        let (y, m, d) = civil
        let index = y * 12 + (m - 1) + months
        let year = index >= 0 ? index / 12 : -((-index + 11) / 12)
        let month = index - year * 12 + 1
        let clamped = min(d, CivilDate.daysIn(month: month, year: year))
        var out = self
        out.day = CivilDate.days(year: year, month: month, day: clamped)
        return out
    }

    public func adding(days: Int) -> TemporalValue {
        var out = self
        out.day += days
        return out
    }

    /// Adds seconds to an instant (a date is taken as its midnight).
    public func adding(seconds: Int) -> TemporalValue {
        let nanos = nanosecondOfDay ?? 0
        let whole = Int(nanos / 1_000_000_000)
        return TemporalValue(day: day, seconds: whole + seconds, nanos: nanos % 1_000_000_000, fractionDigits: fractionDigits)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
