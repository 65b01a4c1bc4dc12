import Foundation

/// A JSON value as the API sent it. Rows are `JSONValue.object`s.
///
/// Objects keep their key order and numbers keep their text, so that output
/// never reorders or rounds what the API sent (tolerant reader).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON number kept as its literal text, with a `Double` for arithmetic and comparison.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let double: Double

    public init(text: String) {
        self.text = text
        self.double = Double(text) ?? .nan
    }

    public init(_ value: Int) {
        self.text = String(value)
        self.double = Double(value)
    }

    public init(_ value: Double) {
        // JSON has no NaN or infinity; such results write as null rather than as invalid JSON.
        if !value.isFinite {
            self.text = "null"
        } else if value == value.rounded(), abs(value) < 1e15 {
            self.text = String(Int64(value))
        } else {
            self.text = "\(value)"
        }
        self.double = value
    }

    public var description: String { text }

    /// The value as an integer when it is one exactly.
    public var int: Int? {
        if let i = Int(text) { return i }
        if double.isFinite, double == double.rounded(), abs(double) < 9.0e15 { return Int(double) }
        return nil
    }

    /// Same text, or the same value (`1.10` == `1.1` == `11e-1`). Numbers that one Double
    /// cannot tell apart (integers above 2^53, `0.3` and `0.30000000000000001`) compare by
    /// their exact decimal value, so that `distinct`, `group by` and joins keep them apart as
    /// `where` does; beyond what `Decimal` reads, the Double decides.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.text == rhs.text { return true }
        guard lhs.double == rhs.double else { return false }
        if let a = Int(lhs.text), let b = Int(rhs.text) { return a == b }
        guard let a = Decimal(string: lhs.text, locale: posix), let b = Decimal(string: rhs.text, locale: posix) else { return true }
        return a == b
    }

    /// Made once: a locale made for every comparison would cost more than the comparison.
    private static let posix = Locale(identifier: "en_US_POSIX")

    public func hash(into hasher: inout Hasher) {
        hasher.combine(double)
    }
}

/// A JSON object that keeps its keys in the order they were read or set.
public struct JSONObject: Sendable, Hashable, Sequence {
    public private(set) var keys: [String]
    public private(set) var values: [JSONValue]

    public init() {
        keys = []
        values = []
    }

    public init(_ pairs: [(String, JSONValue)]) {
        keys = []
        values = []
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Missing keys read as nil; setting nil removes the key.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = keys.firstIndex(of: key) else { return nil }
            return values[i]
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Appends without checking for an existing key; for parsers that already know.
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    /// Appends, or replaces the value of a key already present (keeping its position).
    mutating func appendOrReplace(_ key: String, _ value: JSONValue) {
        if let i = keys.firstIndex(of: key) {
            values[i] = value
        } else {
            keys.append(key)
            values.append(value)
        }
    }

    public struct Iterator: IteratorProtocol {
        let object: JSONObject
        var index = 0

        public mutating func next() -> (key: String, value: JSONValue)? {
            guard index < object.keys.count else { return nil }
            defer { index += 1 }
            return (object.keys[index], object.values[index])
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(object: self)
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.keys.count == rhs.keys.count else { return false }
        for (i, k) in lhs.keys.enumerated() where rhs[k] != lhs.values[i] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, so that equal objects hash equally.
        var acc = 0
        for (i, k) in keys.enumerated() {
            var h = Hasher()
            h.combine(k)
            h.combine(values[i])
            acc ^= h.finalize()
        }
        hasher.combine(keys.count)
        hasher.combine(acc)
    }
}

extension JSONValue {
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var doubleValue: Double? { numberValue?.double }
    public var intValue: Int? { numberValue?.int }

    /// Reads a dotted path (`purchasePrice.value`); anything missing reads as `.null`.
    public func value(at path: [String]) -> JSONValue {
        var current = self
        for key in path {
            guard case .object(let o) = current, let next = o[key] else { return .null }
            current = next
        }
        return current
    }

    public subscript(key: String) -> JSONValue {
        value(at: [key])
    }

    public static func int(_ i: Int) -> JSONValue { .number(JSONNumber(i)) }
    public static func double(_ d: Double) -> JSONValue { .number(JSONNumber(d)) }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
