import Foundation

/// One aggregate of one group. Sums are exact: numbers are added as `Decimal`s read from their
/// text, so `0.1 + 0.2` is `0.3`. A number beyond what `Decimal` reads (1e127, 1e-128) is not
/// dropped: from it on the sum is a `Double`'s, as JSON's own numbers are (null beyond ±1.8e308,
/// which JSON cannot write). `count()` counts rows, `count(F)` non-null values of F; sum, avg,
/// min and max skip nulls and are null when nothing was left.
struct Accumulator {
    let function: Aggregate.Function
    var count = 0
    var sum = Decimal(0)
    /// The sum so far in whole units of 10^-scale, while every number was a plain decimal
    /// (`-12.50`) that fits: integer adds instead of `Decimal`'s. Nil once one was not: from
    /// then on `sum` alone, which holds the same value as if every add had been a `Decimal`'s.
    var units: (total: Int, scale: Int)? = (0, 0)
    /// The sum once a number was beyond `Decimal`'s range; nil while every one fitted.
    var wide: Double?
    var numbers = 0
    /// Values of a sum or avg that are not numbers (text in a number column), left out; one of them.
    var skipped = 0
    var skippedExample: JSONValue?
    var extreme: (value: JSONValue, key: RowValue)?

    init(_ function: Aggregate.Function) {
        self.function = function
    }

    /// `value` is nil for `count()` (no field).
    mutating func add(_ value: JSONValue?) {
        guard let value else {
            count += 1
            return
        }
        if value.isNull { return }
        count += 1
        switch function {
        case .count:
            break
        case .sum, .avg:
            guard case .number(let n) = value else {
                skipped += 1
                if skippedExample == nil { skippedExample = value }
                return
            }
            numbers += 1
            if let total = wide {
                wide = total + n.double
            } else if units != nil, addUnits(n.text) {
                return
            } else if let d = RowValue.decimal(n) {
                flushUnits()
                sum += d
            } else {
                flushUnits()
                wide = NSDecimalNumber(decimal: sum).doubleValue + n.double
            }
        case .min, .max:
            let key = RowValue(value)
            if let current = extreme {
                let o = RowValue.totalOrder(key, current.key)
                if function == .min ? o < 0 : o > 0 { extreme = (value, key) }
            } else {
                extreme = (value, key)
            }
        }
    }

    /// Adds a plain decimal's digits to `units`; false (nothing added) when the text is not one
    /// or the total would overflow.
    private mutating func addUnits(_ text: String) -> Bool {
        guard let (total, scale) = units else { return false }
        var mantissa = 0
        var fraction = -1
        var digits = 0
        var negative = false
        for (i, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where i == 0:
                negative = true
            case UInt8(ascii: "."):
                guard fraction < 0, digits > 0 else { return false }
                fraction = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                guard digits <= 18 else { return false }
                mantissa = mantissa * 10 + Int(byte - UInt8(ascii: "0"))
                if fraction >= 0 { fraction += 1 }
            default:
                return false
            }
        }
        guard digits > 0, fraction != 0 else { return false }
        let places = max(fraction, 0)
        var newTotal = total
        var newScale = scale
        if places > scale {
            guard let scaled = Self.scaled(total, by: places - scale) else { return false }
            newTotal = scaled
            newScale = places
        }
        guard let value = Self.scaled(negative ? -mantissa : mantissa, by: newScale - places) else { return false }
        let (added, overflow) = newTotal.addingReportingOverflow(value)
        guard !overflow else { return false }
        units = (added, newScale)
        return true
    }

    private static func scaled(_ value: Int, by places: Int) -> Int? {
        var result = value
        for _ in 0..<places {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Moves `units` into `sum` and stops using it: every later add is a `Decimal`'s.
    private mutating func flushUnits() {
        guard let (total, scale) = units else { return }
        sum += Decimal(sign: total < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(total.magnitude))
        units = nil
    }

    var result: JSONValue {
        var copy = self
        copy.flushUnits()
        return copy.resultOfSum
    }

    private var resultOfSum: JSONValue {
        switch function {
        case .count:
            return .int(count)
        case .sum:
            guard numbers > 0 else { return .null }
            if let wide { return .number(JSONNumber(wide)) }
            return Self.json(sum)
        case .avg:
            guard numbers > 0 else { return .null }
            if let wide { return .number(JSONNumber(wide / Double(numbers))) }
            var quotient = sum / Decimal(numbers)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &quotient, 10, .plain)
            return Self.json(rounded)
        case .min, .max:
            return extreme?.value ?? .null
        }
    }

    static func json(_ d: Decimal) -> JSONValue {
        .number(JSONNumber(text: d.description))
    }
}
