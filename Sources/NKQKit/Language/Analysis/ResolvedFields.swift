/// What each field reference of a statement names, as the analyzer resolved it against the
/// rows at that point (aliases, a selected column's dotted name, the rows after a join or a
/// flatten). Keyed by the reference's span: spans are offsets in the whole script, so the
/// references of a statement and of the queries inside it never share one. The planner and
/// the local pipeline read these paths; nothing resolves a name a second time.
public struct ResolvedFields: Sendable {
    public struct Field: Sendable, Hashable {
        /// The path in the rows (aliases resolved): `["ownerParticipantNumber"]` for `supplier`.
        public var path: [String]
        public var schema: FieldSchema
    }

    private var fields: [SourceSpan: Field] = [:]

    public init() {}

    public subscript(_ ref: FieldRef) -> Field? {
        get { fields[ref.span] }
        set { fields[ref.span] = newValue }
    }

    /// The path in the rows; the path as written when the analyzer did not resolve it.
    public func path(of ref: FieldRef) -> [String] {
        fields[ref.span]?.path ?? ref.path
    }

    /// Every resolved reference, by span.
    public var bySpan: [SourceSpan: Field] { fields }

    mutating func merge(_ other: ResolvedFields) {
        fields.merge(other.fields) { _, new in new }
    }
}

/// A query the analyzer passed, with the fields it resolved: what the planner plans.
public struct AnalyzedQuery: Sendable {
    public var query: Query
    public var fields: ResolvedFields
    /// Names on the API rows that the schema does not know, checked against the first row.
    public var deferredFields: [DeferredField] = []

    public init(query: Query, fields: ResolvedFields) {
        self.query = query
        self.fields = fields
    }

    /// Another query of the same statement (one inside it, or this one with its lists
    /// filled in), with the same resolved fields.
    public func with(_ query: Query) -> AnalyzedQuery {
        var analyzed = AnalyzedQuery(query: query, fields: fields)
        analyzed.deferredFields = deferredFields
        return analyzed
    }
}
