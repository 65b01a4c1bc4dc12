/// Values a statement asks for by key (suppliers, NOBB numbers, GTINs), so that those that
/// brought no row can be named: an unknown number is not dropped without a word.
public struct AskedKeys: Sendable, Hashable {
    /// For messages: "supplier", "NOBB number", "GTIN".
    public var noun: String
    /// The field of the API's rows that carries the key.
    public var path: [String]
    /// In the order the statement gave them, no repeats.
    public var values: [String]

    public init(noun: String, path: [String], values: [String]) {
        self.noun = noun
        self.path = path
        self.values = values
    }

    /// The note for values that brought no row: at most `shown` of them, then a count.
    public static func note(noun: String, missing: [String], shown: Int = 10) -> String {
        let plural = noun == "GTIN" ? "GTINs" : noun + "s"
        let listed = missing.prefix(shown).joined(separator: ", ")
        let more = missing.count > shown ? " and \(missing.count - shown) more" : ""
        return missing.count == 1
            ? "no rows for \(noun) \(listed)"
            : "no rows for \(missing.count) \(plural): \(listed)\(more)"
    }
}

extension Planner {
    /// Per key field, the values any term of the key predicates asks for.
    static func askedKeys(_ keys: KeyForm, _ keyFields: [KeyField]) -> [AskedKeys] {
        keyFields.compactMap { field in
            let values = keys.terms.flatMap { $0.values[field.parameter] ?? [] }.uniqued()
            return values.isEmpty ? nil : AskedKeys(noun: field.noun, path: field.path, values: values)
        }
    }
}
