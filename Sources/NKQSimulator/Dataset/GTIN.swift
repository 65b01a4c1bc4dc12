/// GTIN-13 codes of the dataset: `7041` + the 8-digit NOBB number + a GS1 check digit.
enum GTIN {
    static let prefix = "7041"

    static func make(nobbNumber: Int) -> String {
        let body = prefix + String(nobbNumber)
        return body + String(checkDigit(body))
    }

    /// The NOBB number a well-formed dataset GTIN encodes; nil for anything else.
    static func nobbNumber(from gtin: String) -> Int? {
        guard gtin.utf8.count == 13, gtin.allSatisfy({ $0.isASCII && $0.isNumber }), gtin.hasPrefix(prefix) else { return nil }
        let body = String(gtin.prefix(12))
        guard String(checkDigit(body)) == String(gtin.suffix(1)) else { return nil }
        return Int(body.dropFirst(prefix.count))
    }

    static func checkDigit(_ body: String) -> Int {
        var sum = 0
        for (index, character) in body.reversed().enumerated() {
            let digit = Int(String(character)) ?? 0
            sum += index % 2 == 0 ? digit * 3 : digit
        }
        return (10 - sum % 10) % 10
    }
}
