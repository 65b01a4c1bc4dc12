/// The schema that rows from `file` and `stdin` take: the resource named by `as`, else the
/// resource whose fields the rows carry, else none (every name allowed, type any).
public enum FileSchema {
    /// The resource whose every non-null field (request inputs aside) is among `names`; the
    /// one with most such fields when several are. nil when none is.
    public static func inferred(from names: [String]) -> ResourceSchema? {
        let present = Set(names)
        var best: (resource: ResourceSchema, matched: Int)?
        for resource in Schema.resources {
            let required = resource.fields.filter { !$0.nullable && !$0.inputOnly }.map(\.name)
            guard !required.isEmpty, required.allSatisfy(present.contains) else { continue }
            if best.map({ required.count > $0.matched }) ?? true { best = (resource, required.count) }
        }
        return best?.resource
    }

    /// The rows' type: the resource's fields (open, as files may hold more), or the names read
    /// from the file with type any.
    public static func rowType(resource: ResourceSchema?, names: [String]?) -> RowType {
        if let resource {
            var row = RowType(resource)
            row.fields.removeAll(where: \.inputOnly)
            row.isOpen = true
            return row
        }
        return RowType(fields: (names ?? []).map { FieldSchema($0, .any, nullable: true, "") }, isOpen: true)
    }
}
