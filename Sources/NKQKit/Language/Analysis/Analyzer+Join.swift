// `join`: the joined source's fields are added to the rows in hand, renamed where they clash.
extension AnalyzerRun {
    mutating func join(_ clause: JoinClause, row: RowType, from source: SourceRef) -> RowType {
        let origin = NameClash.origin(of: clause.source)
        var right: RowType
        switch clause.source.kind {
        case .resource(let name):
            guard let resource = Schema.resource(named: name) else {
                let names = Schema.resources.map(\.name)
                error(.unknownName, "unknown source '\(name)'", at: clause.source.span,
                      help: Suggestion.help(for: name, in: names + ["stdin", "file"])
                        ?? "sources: " + (names + ["file 'PATH'", "stdin"]).joined(separator: ", "))
                return RowType(fields: row.fields, aliases: row.aliases, isOpen: true)
            }
            right = RowType(resource)
            right.fields.removeAll(where: \.inputOnly)
        case .file, .stdin:
            refuseStdinHoldingTheScript(clause.source)
            if case .stdin = clause.source.kind, case .stdin = source.kind {
                error(.plan, "stdin can be read only once", at: clause.source.span, help: "save one of the two to a file and join that")
            }
            let (resource, names) = clause.source.fileSchema()
            if let named = clause.source.namedResource, resource == nil {
                let names = FileFormat.names + Schema.resources.map(\.name)
                error(.unknownName, "unknown format or resource '\(named)'", at: clause.source.readAsSpan ?? clause.source.span,
                      help: Suggestion.help(for: named, in: names) ?? "write as " + names.joined(separator: ", as "))
            }
            right = FileSchema.rowType(resource: resource, names: names)
        }
        if let f = field(clause.left, in: row) { requireScalar(f, clause.left, for: "join on") }
        let stage = currentStage
        currentStage = "join's source"
        if let f = field(clause.right, in: right) { requireScalar(f, clause.right, for: "join on") }
        currentStage = stage
        // The rows' aliases still hold; the joined fields go by their own names (after a join of
        // prices, `nobb` is still the rows' own field, not the prices' `nobbNumber`).
        // A left join's joined fields are null on the rows without a match.
        let fields = clause.keepsUnmatched ? right.fields.map { field -> FieldSchema in
            var nullable = field
            nullable.nullable = true
            return nullable
        } : right.fields
        var joined = merge(fields, into: row, removing: nil, origin: origin)
        joined.isOpen = row.isOpen || right.isOpen
        return joined
    }
}
