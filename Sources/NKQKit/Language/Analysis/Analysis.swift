/// What the analyzer found out about one statement.
public struct Analysis: Sendable {
    /// Errors and warnings, in text order.
    public var diagnostics: [Diagnostic]
    /// The resource queried; nil for `file`, `stdin`, an unknown source and `let`.
    public var resource: ResourceSchema?
    /// What every field reference of the statement (and of the queries inside it) names:
    /// `supplier` at 20..<28 → `["ownerParticipantNumber"]`.
    public var fields: ResolvedFields
    /// The rows' type before the first stage and after each stage (`rowTypes[i + 1]` follows
    /// stage i); the last is what the statement outputs. Empty for `let`.
    public var rowTypes: [RowType]
    /// For `let NAME = VALUE`: the name and the value with parameters substituted.
    public var binding: (name: String, value: Expr)?

    public init(diagnostics: [Diagnostic] = [], resource: ResourceSchema? = nil, fields: ResolvedFields = ResolvedFields(),
                rowTypes: [RowType] = [], binding: (name: String, value: Expr)? = nil) {
        self.diagnostics = diagnostics
        self.resource = resource
        self.fields = fields
        self.rowTypes = rowTypes
        self.binding = binding
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// The type of the rows the statement outputs.
    public var output: RowType? { rowTypes.last }

    /// A query of this statement (its own, or one inside it) with the fields resolved here.
    public func analyzed(_ query: Query) -> AnalyzedQuery {
        AnalyzedQuery(query: query, fields: fields)
    }
}
