import NKQCalendar

/// The typed value of one CSV or TSV cell, as a spreadsheet user means it.
///
/// - empty → null, but a quoted empty cell (`""`) is the empty string (as nkq writes one);
/// - `true`/`false` (any case) → booleans;
/// - `-12`, `3.5` (and `3,5` in `;` files, where a decimal comma is the custom) → numbers;
/// - a number written with a leading zero (`0150`, `07020012345678`) is text: postal codes and
///   GTINs are identifiers whose zeros matter; so is an integer too long for 64 bits;
/// - `2024-01-31` and `31.01.2024` → the date `"2024-01-31"` (rows carry dates as ISO text);
/// - numbers, booleans and dates are told by the text without spaces around it (` 42 ` is 42,
///   so that a join on it matches); anything else is the text as written.
enum DelimitedCell {
    static func value(_ text: String, quoted: Bool = false, decimalComma: Bool) -> JSONValue {
        if text.isEmpty { return quoted ? .string("") : .null }
        var utf8 = Array(text.utf8)
        var typed = text
        if let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) {
            typed = text.trimmingASCIISpaces
            if typed.isEmpty { return .string(text) }
            utf8 = Array(typed.utf8)
        }
        if let number = number(utf8, decimalComma: decimalComma) { return .number(number) }
        // Only four or five bytes can spell true or false in any case: no lower-casing of the rest.
        if utf8.count == 4 || utf8.count == 5 {
            switch typed.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
        }
        if let date = date(utf8) { return .string(date) }
        return .string(text)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The bytes `trimmingASCIISpaces` drops.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// `-?(0|[1-9][0-9]*)([.,][0-9]+)?`, with `,` only when `decimalComma`.
    static func number(_ bytes: [UInt8], decimalComma: Bool) -> JSONNumber? {
        var index = 0
        if bytes.first == UInt8(ascii: "-") { index = 1 }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerDigits = index - integerStart
        guard integerDigits > 0 else { return nil }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { return nil }
        if index == bytes.count {
            // Beyond 64 bits it is an identifier, not a quantity.
            guard let value = Int(String(decoding: bytes, as: UTF8.self)) else { return nil }
            return JSONNumber(text: String(value))
        }
        let separator = bytes[index]
        guard separator == UInt8(ascii: ".") || (decimalComma && separator == UInt8(ascii: ",")) else { return nil }
        let fractionStart = index + 1
        index = fractionStart
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        guard index == bytes.count, index > fractionStart else { return nil }
        var written = bytes
        written[fractionStart - 1] = UInt8(ascii: ".")
        return JSONNumber(text: String(decoding: written, as: UTF8.self))
    }

    /// `YYYY-MM-DD` or `DD.MM.YYYY` naming a real day, as `YYYY-MM-DD`.
    static func date(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 10 else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard isDigit(bytes[i]) else { return nil }
                value = value * 10 + Int(bytes[i] - 0x30)
            }
            return value
        }
        let parts: (year: Int, month: Int, day: Int)
        if bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
           let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) {
            parts = (y, m, d)
        } else if bytes[2] == UInt8(ascii: "."), bytes[5] == UInt8(ascii: "."),
                  let d = digits(0..<2), let m = digits(3..<5), let y = digits(6..<10) {
            parts = (y, m, d)
        } else {
            return nil
        }
        guard (1...12).contains(parts.month), (1...31).contains(parts.day),
              CivilDate.date(fromDays: CivilDate.days(year: parts.year, month: parts.month, day: parts.day)) == parts
        else { return nil }
        func pad(_ n: Int, _ width: Int) -> String {
            let text = String(n)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
    }
}
