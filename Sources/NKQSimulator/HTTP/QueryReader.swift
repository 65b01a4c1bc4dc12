import Foundation

/// Query parameters by name, every value in order of appearance.
typealias QueryParameters = [String: [Substring]]

/// Reads query parameters and collects every problem, so one 400 names all offending parameters.
struct QueryReader {
    private let parameters: QueryParameters
    private(set) var errors = ValidationErrors()

    init(_ parameters: QueryParameters) {
        self.parameters = parameters
    }

    func has(_ name: String) -> Bool { parameters[name] != nil }

    mutating func fail(_ name: String, _ message: String) { errors.add(name, message) }

    /// A scalar parameter's text (the first one when repeated).
    private func raw(_ name: String) -> Substring? { parameters[name]?.first }

    mutating func integer(_ name: String, required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = raw(name) else {
            if required { fail(name, "The \(name) field is required.") }
            return nil
        }
        guard let value = Self.parseInteger(text) else {
            fail(name, "The value '\(text)' is not valid for \(name); expected an integer.")
            return nil
        }
        if let range, !range.contains(value) {
            if range.upperBound == Int.max {
                fail(name, "The field \(name) must be at least \(range.lowerBound); got \(value).")
            } else {
                fail(name, "The field \(name) must be between \(range.lowerBound) and \(range.upperBound); got \(value).")
            }
            return nil
        }
        return value
    }

    /// Comma-separated integers; a repeated parameter adds to the list.
    mutating func integerList(_ name: String, maximumCount: Int) -> [Int]? {
        let texts = parameters[name] ?? []
        guard !texts.isEmpty else { return nil }
        var values: [Int] = []
        var valid = true
        for text in texts {
            for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = String(item).trimmingCharacters(in: .whitespaces)
                if let value = Self.parseInteger(Substring(trimmed)) {
                    values.append(value)
                } else {
                    valid = false
                    fail(name, trimmed.isEmpty
                        ? "The list \(name) has an empty entry; give comma-separated integers."
                        : "'\(trimmed)' in \(name) is not a valid integer.")
                }
            }
        }
        guard valid else { return nil }
        guard values.count <= maximumCount else {
            fail(name, "At most \(maximumCount) values may be given in \(name); got \(values.count).")
            return nil
        }
        return values
    }

    mutating func date(_ name: String) -> Day? {
        guard let text = raw(name) else { return nil }
        guard let day = Day(parsing: text) else {
            fail(name, "The value '\(text)' is not a valid date for \(name); use yyyy-MM-dd.")
            return nil
        }
        return day
    }

    mutating func boolean(_ name: String) -> Bool? {
        guard let text = raw(name) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            fail(name, "The value '\(text)' is not valid for \(name); use true or false.")
            return nil
        }
    }

    /// Digits only (an optional leading minus), no overflow.
    static func parseInteger(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { return nil }
        return Int(text)
    }
}
