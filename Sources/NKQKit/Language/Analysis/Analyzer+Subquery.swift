// A query in place of a list: checked as a statement of its own, and it must give one column.
extension AnalyzerRun {
    /// Whether the query can stand for a list; reports its problems when not.
    mutating func checkSubquery(_ query: Query) -> Bool {
        var inner = AnalyzerRun(bindings: bindings)
        inner.defersUnknownFields = false
        inner.analyze(query)
        analysis.diagnostics += inner.analysis.diagnostics
        analysis.fields.merge(inner.analysis.fields)
        guard !inner.analysis.hasErrors else { return false }
        let output = inner.analysis.output ?? .open
        if output.isOpen || output.fields.count != 1 {
            let columns = output.fields.map(\.name)
            let had = output.isOpen ? "" : "; its rows have " + (columns.count > 4 ? "\(columns.count) columns" : columns.map { "'\($0)'" }.joined(separator: ", "))
            error(.type, "a list from a query needs one column\(had)", at: query.span,
                  help: "end the query with the column: … | select \(columns.first ?? "FIELD")")
            return false
        }
        return true
    }
}
