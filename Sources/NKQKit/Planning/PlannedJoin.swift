/// A `join` stage as planned: where its rows come from, the key on each side, and the local
/// stages after it. The left rows' distinct keys become the source's filter when it runs
/// (`nobbNumber in (…)`), so the planner batches them as it batches a literal list.
public struct PlannedJoin: Sendable {
    public enum Source: Sendable {
        case api(ResourceSchema)
        case file(path: String, format: FileFormat)
        case stdin(format: FileFormat)
    }

    public var source: Source
    /// The stage as written, for explain.
    public var text: String
    /// The key in the rows in hand and in the joined rows (aliases resolved).
    public var leftPath: [String]
    public var rightPath: [String]
    /// The joined key's type, so that keys are asked for as the API takes them.
    public var rightType: FieldType
    public var keepsUnmatched: Bool
    /// The prefix of joined fields renamed on a clash (`NameClash`).
    public var origin: String
    /// Values one call takes when the key is a batched API filter (20 NOBB numbers, 10 suppliers).
    public var batch: Int?
    /// The stages after the join, up to the next one.
    public var after: LocalPipeline

    /// What the join costs, for explain: `one call per 20 distinct values of nobb`.
    public var costText: String {
        let left = leftPath.joined(separator: ".")
        switch source {
        case .api(let resource):
            let filter = "\(resource.name) where \(rightPath.joined(separator: ".")) in (the distinct values of \(left))"
            if let batch { return "\(filter): one call per \(batch) distinct values, duplicates dropped" }
            return "\(filter): the key is not a filter of the API, so every \(resource.name) row is read and matched locally"
        case .file, .stdin:
            return "matched locally on \(left) = \(rightPath.joined(separator: ".")) (no API calls)"
        }
    }

    public var callsAPI: Bool {
        if case .api = source { return true }
        return false
    }
}

extension Planner {
    func plannedJoin(_ clause: JoinClause, text: String, fields: ResolvedFields, after: LocalPipeline) throws(Diagnostic) -> PlannedJoin {
        let leftPath = fields.path(of: clause.left)
        let rightPath = fields.path(of: clause.right)
        let rightType = fields[clause.right]?.schema.type ?? .any
        let source: PlannedJoin.Source
        var batch: Int?
        switch clause.source.kind {
        case .resource(let name):
            guard let resource = Schema.resource(named: name) else {
                throw .error(.unknownName, "unknown source '\(name)'", at: clause.source.span)
            }
            source = .api(resource)
            batch = Self.keyFields(of: resource).first { $0.path == rightPath }?.batch
        case .file(let path):
            source = .file(path: path, format: clause.source.fileFormat)
        case .stdin:
            source = .stdin(format: clause.source.fileFormat)
        }
        return PlannedJoin(source: source, text: text, leftPath: leftPath, rightPath: rightPath, rightType: rightType,
                           keepsUnmatched: clause.keepsUnmatched, origin: NameClash.origin(of: clause.source), batch: batch,
                           after: after)
    }
}
