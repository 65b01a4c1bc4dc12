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
    /// Fields named on an API resource's rows that its schema does not know: an error only if
    /// the first row the API sends lacks them too (tolerant reading: a newer version may add
    /// fields), checked at run time.
    public var deferredFields: [DeferredField] = []

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
        var analyzed = AnalyzedQuery(query: query, fields: fields)
        analyzed.deferredFields = deferredFields
        return analyzed
    }
}

/// A field the schema does not know, named on an API resource's rows, and the error it is if
/// the rows lack it as well.
public struct DeferredField: Sendable, Hashable {
    public var path: [String]
    public var diagnostic: Diagnostic

    /// Whether `row` has the field (through arrays on the way, in any element).
    public func isPresent(in row: JSONValue) -> Bool {
        func has(_ value: JSONValue, _ path: ArraySlice<String>) -> Bool {
            guard let key = path.first else { return true }
            switch value {
            case .object(let object):
                guard let next = object[key] else { return false }
                return has(next, path.dropFirst())
            case .array(let elements):
                return elements.contains { has($0, path) }
            default:
                return false
            }
        }
        return has(row, path[...])
    }

    /// The error for a row that lacks the field: the did-you-mean looks at the row's own fields
    /// first (a newer version's field the schema does not list may be the one meant).
    public func diagnostic(for row: JSONValue) -> Diagnostic {
        var paths: [String] = []
        func collect(_ value: JSONValue, _ prefix: String, depth: Int) {
            guard case .object(let object) = value, depth < 4 else { return }
            for (key, inner) in zip(object.keys, object.values) {
                paths.append(prefix + key)
                collect(inner, prefix + key + ".", depth: depth + 1)
            }
        }
        collect(row, "", depth: 0)
        var diagnostic = self.diagnostic
        if let help = Suggestion.help(for: path.joined(separator: "."), in: paths) { diagnostic.help = help }
        return diagnostic
    }
}
