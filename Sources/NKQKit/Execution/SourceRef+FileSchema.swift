extension SourceRef {
    /// For `file` and `stdin`: the resource whose schema the rows take (named by `as`, or
    /// inferred from the fields of the first row) and those field names (nil for a file that
    /// cannot be read yet, and for stdin unless the nkq command lets it be read ahead: see
    /// `StandardInputPeek`).
    func fileSchema() -> (resource: ResourceSchema?, names: [String]?) {
        var names: [String]?
        switch kind {
        case .file(let path): names = FileRowReader.fieldNames(path: path, format: fileFormat)
        case .stdin: names = StandardInputPeek.fieldNames(format: fileFormat)
        case .resource: break
        }
        if let named = namedResource { return (Schema.resource(named: named), names) }
        return (names.flatMap(FileSchema.inferred), names)
    }
}
