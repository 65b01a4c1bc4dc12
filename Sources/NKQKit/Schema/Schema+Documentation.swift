// The resource reference of docs/language.md, generated from the schema so the two cannot drift
// (a test compares them).
extension Schema {
    /// One section per resource: summary, field table (nested paths included; `[]` marks the
    /// inside of an array, reachable after `flatten`), request inputs and aliases.
    public static func markdownReference() -> String {
        resources.map(markdown(for:)).joined(separator: "\n")
    }

    static func markdown(for resource: ResourceSchema) -> String {
        var out = "### `\(resource.name)`\n\n\(resource.summary)\n\n"
        if let api = APIResource.read(by: resource.name) {
            out += "API: " + api.summary() + " Another version: `--api-version \(api.name)=vN`.\n\n"
        }
        let rows = resource.fields.filter { !$0.inputOnly }
        let inputs = resource.fields.filter(\.inputOnly)
        out += "| Field | Type | Null | Description |\n|---|---|---|---|\n"
        func walk(_ fields: [FieldSchema], prefix: String) {
            for f in fields {
                let path = prefix + f.name
                out += "| `\(path)` | \(cell(f.type.description)) | \(f.nullable ? "yes" : "") | \(cell(f.summary)) |\n"
                switch f.type {
                case .object(let nested): walk(nested, prefix: path + ".")
                case .array(.object(let nested)): walk(nested, prefix: path + "[].")
                default: break
                }
            }
        }
        walk(rows, prefix: "")
        if !inputs.isEmpty {
            out += "\nRequest inputs (only as `FIELD = VALUE`, one value a statement, in the `where` right after the source, joined with `and`):\n\n"
            out += "| Input | Type | Description |\n|---|---|---|\n"
            for f in inputs { out += "| `\(f.name)` | \(cell(f.type.description)) | \(cell(f.summary)) |\n" }
        }
        if !resource.aliases.isEmpty {
            out += "\nAliases: " + resource.aliases.sorted { $0.key < $1.key }.map { "`\($0.key)` → `\($0.value)`" }.joined(separator: ", ") + ".\n"
        }
        return out
    }

    private static func cell(_ text: String) -> String {
        text.replacingPipes()
    }
}

private extension String {
    func replacingPipes() -> String {
        var out = ""
        for c in self { out += c == "|" ? "\\|" : String(c) }
        return out
    }
}
