extension SourceRef {
    /// For `file` and `stdin`: the resource whose schema the rows take (named by `as`, or
    /// inferred from the fields of the file's first row) and those field names (nil for stdin,
    /// which cannot be read twice, and for a file that cannot be read yet).
    func fileSchema() -> (resource: ResourceSchema?, names: [String]?) {
        var names: [String]?
        if case .file(let path) = kind { names = FileRowReader.fieldNames(path: path, format: fileFormat) }
        if let named = namedResource { return (Schema.resource(named: named), names) }
        return (names.flatMap(FileSchema.inferred), names)
    }
}
