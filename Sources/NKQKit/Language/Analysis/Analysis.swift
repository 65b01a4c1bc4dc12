/// What the analyzer found out about one statement.
public struct Analysis: Sendable {
    /// Errors and warnings, in text order.
    public var diagnostics: [Diagnostic]
    /// The resource queried; nil for `file`, `stdin`, an unknown source and `let`.
    public var resource: ResourceSchema?
    /// The canonical path (aliases resolved) of every field reference in the statement that the
    /// schema knows, keyed by the reference's span: `supplier` at 20..<28 → `["ownerParticipantNumber"]`.
    public var resolvedPaths: [SourceSpan: [String]]
    /// The rows' type before the first stage and after each stage (`rowTypes[i + 1]` follows
    /// stage i); the last is what the statement outputs. Empty for `let`.
    public var rowTypes: [RowType]
    /// For `let NAME = VALUE`: the name and the value with parameters substituted.
    public var binding: (name: String, value: Expr)?

    public init(diagnostics: [Diagnostic] = [], resource: ResourceSchema? = nil, resolvedPaths: [SourceSpan: [String]] = [:],
                rowTypes: [RowType] = [], binding: (name: String, value: Expr)? = nil) {
        self.diagnostics = diagnostics
        self.resource = resource
        self.resolvedPaths = resolvedPaths
        self.rowTypes = rowTypes
        self.binding = binding
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// The type of the rows the statement outputs.
    public var output: RowType? { rowTypes.last }

    /// The canonical path of a field reference (its own path when the schema does not know it).
    public func path(of field: FieldRef) -> [String] {
        resolvedPaths[field.span] ?? field.path
    }
}
