import Foundation

/// One aggregate of one group. Sums are exact: numbers are added as `Decimal`s read from their
/// text, so `0.1 + 0.2` is `0.3`. `count()` counts rows, `count(F)` non-null values of F;
/// sum, avg, min and max skip nulls and are null when nothing was left.
struct Accumulator {
    let function: Aggregate.Function
    var count = 0
    var sum = Decimal(0)
    var numbers = 0
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
            if case .number(let n) = value, let d = RowValue.decimal(n) {
                sum += d
                numbers += 1
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

    var result: JSONValue {
        switch function {
        case .count:
            return .int(count)
        case .sum:
            return numbers == 0 ? .null : Self.json(sum)
        case .avg:
            guard numbers > 0 else { return .null }
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
