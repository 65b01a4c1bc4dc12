import NKQCalendar

/// Dates and timestamps as the language writes them.
public enum TemporalText {
    /// A timestamp (`2024-01-31T10:00:00.5+01:00`, seconds and offset optional) as UTC:
    /// `2024-01-31T09:00:00.5Z`. A timestamp without an offset is UTC already. nil when malformed.
    public static func utc(_ text: String) -> String? {
        let lexed = Lexer.tokenize(Array(text))
        guard lexed.diagnostics.isEmpty, lexed.tokens.count == 2, case .timestamp = lexed.tokens[0].kind else { return nil }
        let c = Array(text)
        func int(_ from: Int, _ count: Int) -> Int { Int(String(c[from..<(from + count)]))! }
        var year = int(0, 4), month = int(5, 2), day = int(8, 2)
        var hour = int(11, 2), minute = int(14, 2)
        var i = 16
        var seconds = "00"
        var fraction = ""
        if i < c.count, c[i] == ":" {
            seconds = String(c[(i + 1)..<(i + 3)])
            i += 3
            if i < c.count, c[i] == "." {
                var j = i
                repeat { j += 1 } while j < c.count && Lexer.isDigit(c[j])
                fraction = String(c[i..<j])
                i = j
            }
        }
        if i < c.count, c[i] == "+" || c[i] == "-" {
            let sign = c[i] == "+" ? 1 : -1
            let offset = int(i + 1, 2) * 60 + int(i + 4, 2)
            // Local time minus the offset is UTC.
            var minutes = hour * 60 + minute - sign * offset
            var days = CivilDate.days(year: year, month: month, day: day)
            while minutes < 0 { minutes += 1440; days -= 1 }
            while minutes >= 1440 { minutes -= 1440; days += 1 }
            (year, month, day) = CivilDate.date(fromDays: days)
            hour = minutes / 60
            minute = minutes % 60
        }
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return Token.dateText(year, month, day) + "T\(pad(hour)):\(pad(minute)):\(seconds)\(fraction)Z"
    }
}

extension Expr {
    /// A timestamp value in UTC (`2024-01-31T09:00:00Z`); nil for other values.
    public var utcTimestamp: String? {
        if case .timestamp(let text, _) = self { return TemporalText.utc(text) }
        return nil
    }
}
