/// A source of rows: its fields, aliases and what the API can filter on.
/// The analyzer, the planner, tab completion and docs/language.md all read this one description.
public struct ResourceSchema: Sendable {
    public var name: String
    public var summary: String
    /// Top-level fields of a row, in the API's order.
    public var fields: [FieldSchema]
    /// Short names for long API names: alias → dotted path (`supplier` → `ownerParticipantNumber`).
    public var aliases: [String: String]

    public init(name: String, summary: String, fields: [FieldSchema], aliases: [String: String] = [:]) {
        self.name = name
        self.summary = summary
        self.fields = fields
        self.aliases = aliases
    }

    /// The path an alias stands for, or the path itself.
    public func resolve(_ path: [String]) -> [String] {
        guard let first = path.first, let target = aliases[first] else { return path }
        return target.split(separator: ".").map(String.init) + path.dropFirst()
    }

    /// The schema of a dotted path, following objects and arrays of objects; nil when unknown.
    public func field(at path: [String]) -> FieldSchema? {
        Self.field(at: resolve(path)[...], in: fields)
    }

    static func field(at path: ArraySlice<String>, in fields: [FieldSchema]) -> FieldSchema? {
        guard let head = path.first, let field = fields.first(where: { $0.name == head }) else { return nil }
        let rest = path.dropFirst()
        if rest.isEmpty { return field }
        switch field.type {
        case .object(let nested), .array(.object(let nested)):
            return Self.field(at: rest, in: nested)
        default:
            return nil
        }
    }

    /// Every dotted path a statement may name (nested ones included), for completion and "did you mean".
    public var allPaths: [String] {
        FieldSchema.dottedPaths(of: fields) + aliases.keys.sorted()
    }
}
