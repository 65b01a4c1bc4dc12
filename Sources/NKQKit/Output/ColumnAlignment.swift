import Foundation

/// One look per table column: the decimals of a number column to one scale (`10905.81`,
/// `4330.20`), computed values with long fractions (averages) rounded for display, and the
/// timestamps of a column to one precision of seconds. Only tables do this; json keeps every
/// number as it came.
enum ColumnAlignment {
    /// Fractions longer than this are computed (an average's 10 places), not entered data.
    static let longestEnteredFraction = 4
    /// The places a computed value keeps when the column gives no other scale.
    static let computedScale = 2

    /// Rewrites the number and timestamp columns of `grid` in place.
    static func align(_ grid: inout [[Cell]]) {
        guard let width = grid.first?.count else { return }
        for column in 0..<width {
            let numbers = grid.compactMap { $0[column].kind == .number ? $0[column].text : nil }
            if let scaled = decimals(numbers) {
                var k = 0
                for row in grid.indices where grid[row][column].kind == .number {
                    grid[row][column] = Cell(text: scaled[k], kind: .number)
                    k += 1
                }
                continue
            }
            let texts = grid.compactMap { $0[column].kind == .text ? $0[column].text : nil }
            if let precise = timestamps(texts) {
                var k = 0
                for row in grid.indices where grid[row][column].kind == .text {
                    grid[row][column] = Cell(text: precise[k], kind: .text)
                    k += 1
                }
            }
        }
    }

    /// The numbers at one scale; nil when there is nothing to change or a number is not a
    /// plain decimal (or a small exponent form).
    static func decimals(_ texts: [String]) -> [String]? {
        guard !texts.isEmpty else { return nil }
        var plain: [String] = []
        for text in texts {
            if isPlainDecimal(text) {
                plain.append(text)
            } else if text.contains(where: { $0 == "e" || $0 == "E" }), let value = Double(text), value.isFinite,
                      abs(value) < 1e15, let decimal = Decimal(string: text) {
                plain.append(decimal.description)
            } else {
                return nil
            }
        }
        let fractions = plain.map(fractionDigits)
        let entered = fractions.filter { $0 <= longestEnteredFraction }
        var scale = entered.max() ?? 0
        if fractions.contains(where: { $0 > longestEnteredFraction }) { scale = max(scale, computedScale) }
        let result = zip(plain, fractions).map { text, fraction in
            fraction == scale ? text : rescale(text, from: fraction, to: scale)
        }
        return result == texts ? nil : result
    }

    /// The timestamps with one number of places after the seconds; nil when the texts are not
    /// all timestamps or already agree.
    static func timestamps(_ texts: [String]) -> [String]? {
        guard !texts.isEmpty else { return nil }
        var parts: [(head: String, fraction: String, zone: String)] = []
        for text in texts {
            guard let part = timestampParts(text) else { return nil }
            parts.append(part)
        }
        let places = parts.map(\.fraction.count).max() ?? 0
        let result = parts.map { part in
            let fraction = places == 0 ? "" : "." + part.fraction + String(repeating: "0", count: places - part.fraction.count)
            return part.head + fraction + part.zone
        }
        return result == texts ? nil : result
    }

    /// `2024-12-01T10:00:00.5Z` → (`2024-12-01T10:00:00`, `5`, `Z`); nil for anything else.
    /// Scanned by hand: tables hold up to a few hundred thousand cells.
    static func timestampParts(_ text: String) -> (head: String, fraction: String, zone: String)? {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count && bytes[range].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        func byte(_ i: Int, _ allowed: String) -> Bool { i < bytes.count && allowed.utf8.contains(bytes[i]) }
        guard digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10), byte(10, "T "),
              digits(11..<13), byte(13, ":"), digits(14..<16), byte(16, ":"), digits(17..<19) else { return nil }
        var i = 19
        var fraction = ""
        if byte(i, ".") {
            var j = i + 1
            while digits(j..<(j + 1)) { j += 1 }
            guard j > i + 1 else { return nil }
            fraction = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
            i = j
        }
        let zone = String(decoding: bytes[i...], as: UTF8.self)
        let zoneOK = zone.isEmpty || zone == "Z"
            || (byte(i, "+-") && (zone.count == 6 ? digits((i + 1)..<(i + 3)) && byte(i + 3, ":") && digits((i + 4)..<(i + 6))
                                                : zone.count == 5 && digits((i + 1)..<(i + 5))))
        guard zoneOK else { return nil }
        return (String(decoding: bytes[0..<19], as: UTF8.self), fraction, zone)
    }

    /// `-12`, `4330.2`: digits with an optional sign and fraction.
    static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == 0x2D { bytes = bytes.dropFirst() }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard let dot = bytes.firstIndex(of: 0x2E) else { return !bytes.isEmpty && bytes.allSatisfy(isDigit) }
        let whole = bytes[..<dot], fraction = bytes[bytes.index(after: dot)...]
        return !whole.isEmpty && !fraction.isEmpty && whole.allSatisfy(isDigit) && fraction.allSatisfy(isDigit)
    }

    static func fractionDigits(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }

    /// `text` with `scale` places: zeros added, or rounded half away from zero.
    static func rescale(_ text: String, from fraction: Int, to scale: Int) -> String {
        if fraction < scale {
            return text + (fraction == 0 ? "." : "") + String(repeating: "0", count: scale - fraction)
        }
        guard var value = Decimal(string: text) else { return text }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, scale, .plain)
        let shown = rounded.description
        let places = fractionDigits(shown)
        return places < scale ? rescale(shown, from: places, to: scale) : shown
    }
}
