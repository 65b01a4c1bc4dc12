import Foundation

/// A row's value prepared for comparison: numbers by value, date-like strings as dates.
///
/// Rules (docs/planner.md, "Comparing values"):
/// - numbers compare numerically; when two numbers round to the same `Double` their decimal
///   text decides, so precision is never lost;
/// - a string in ISO date form (`yyyy-MM-dd…`) compares as a date or instant (`TemporalValue`);
/// - other strings compare by Unicode order, booleans false < true;
/// - values of different kinds are unequal and unordered; null is handled by the caller.
enum RowValue: Sendable {
    case null
    case number(JSONNumber)
    case temporal(TemporalValue)
    case string(String)
    case bool(Bool)
    case other(JSONValue)

    @inline(__always)
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .number(let n): self = .number(n)
        case .string(let s):
            if TemporalValue.looksTemporal(s), let t = TemporalValue.parse(s) {
                self = .temporal(t)
            } else {
                self = .string(s)
            }
        case .bool(let b): self = .bool(b)
        case .array, .object: self = .other(value)
        }
    }

    var isNull: Bool { if case .null = self { true } else { false } }

    /// -1, 0 or 1; nil when the kinds differ (or either is null, an array or an object).
    @inline(__always)
    static func order(_ a: RowValue, _ b: RowValue) -> Int? {
        switch (a, b) {
        case let (.number(x), .number(y)): return numberOrder(x, y)
        case let (.temporal(x), .temporal(y)): return TemporalValue.order(x, y)
        case let (.string(x), .string(y)): return x == y ? 0 : (x < y ? -1 : 1)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
        default: return nil
        }
    }

    /// Equality for `=`, `in` and `distinct`: ordered kinds by `order`, arrays and objects by value.
    static func equal(_ a: RowValue, _ b: RowValue) -> Bool {
        if case .other(let x) = a, case .other(let y) = b { return x == y }
        return order(a, b) == 0
    }

    static func numberOrder(_ x: JSONNumber, _ y: JSONNumber) -> Int {
        if x.double < y.double { return -1 }
        if x.double > y.double { return 1 }
        if x.text == y.text { return 0 }
        // Same Double, different text: decide by the exact decimal value.
        guard let dx = decimal(x), let dy = decimal(y) else { return 0 }
        return dx == dy ? 0 : (dx < dy ? -1 : 1)
    }

    static func decimal(_ n: JSONNumber) -> Decimal? {
        Decimal(string: n.text, locale: posix)
    }

    /// Made once: a locale made for every number was most of the time a sum took.
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Order for `sort` and `min`/`max` across kinds: numbers, dates, strings, booleans, others;
    /// null is placed by the caller (always last).
    var kindRank: Int {
        switch self {
        case .number: 0
        case .temporal: 1
        case .string: 2
        case .bool: 3
        case .other: 4
        case .null: 5
        }
    }

    static func totalOrder(_ a: RowValue, _ b: RowValue) -> Int {
        if let o = order(a, b) { return o }
        return a.kindRank == b.kindRank ? 0 : (a.kindRank < b.kindRank ? -1 : 1)
    }
}
