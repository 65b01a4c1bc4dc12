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

    /// Every dotted path a statement may name (nested ones included), for completion and "did you mean".
    public var allPaths: [String] {
        FieldSchema.dottedPaths(of: fields) + aliases.keys.sorted()
    }
}
