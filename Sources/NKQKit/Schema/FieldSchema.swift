/// One field of a resource's rows (or of a nested object).
public struct FieldSchema: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    public var nullable: Bool
    /// One line for `.fields` and docs/language.md.
    public var summary: String
    /// A request input that is not a field of the rows (e.g. prices' `calculationDate`):
    /// it may only be used in a `where` the planner can turn into a parameter.
    public var inputOnly: Bool

    public init(_ name: String, _ type: FieldType, nullable: Bool = false, inputOnly: Bool = false, _ summary: String) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.inputOnly = inputOnly
        self.summary = summary
    }
}

extension FieldSchema {
    /// Every dotted path in `fields`, nested objects and arrays of objects included, in order.
    static func dottedPaths(of fields: [FieldSchema], prefix: String = "") -> [String] {
        fields.flatMap { field -> [String] in
            let path = prefix.isEmpty ? field.name : prefix + "." + field.name
            switch field.type {
            case .object(let nested), .array(.object(let nested)): return [path] + dottedPaths(of: nested, prefix: path)
            default: return [path]
            }
        }
    }
}
