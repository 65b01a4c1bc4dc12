/// One rule wherever the fields of two rows meet (`flatten`, `join`): the row in hand keeps its
/// names, and a field that comes in under a name the row already has is renamed
/// `ORIGIN_NAME`, ORIGIN being where it came from (the flattened array, the joined source), so
/// both stay reachable: after `get conditions | flatten elements`, `name` is the condition's and
/// `elements_name` the element's. nushell names the inner column the same way.
public enum NameClash {
    public static func renamed(_ name: String, from origin: String, taken: (String) -> Bool) -> String {
        var candidate = origin + "_" + name
        var n = 2
        while taken(candidate) {
            candidate = origin + "_" + name + "_\(n)"
            n += 1
        }
        return candidate
    }

    /// `base` with `incoming`'s fields added after its own, renamed where they clash.
    static func merge(_ incoming: JSONObject, into base: JSONObject, origin: String, notes: StageNotes?) -> JSONObject {
        var merged = base
        for (key, value) in incoming {
            if base[key] == nil, merged[key] == nil {
                merged[key] = value
            } else {
                let name = renamed(key, from: origin, taken: { merged[$0] != nil })
                merged[name] = value
                notes?.note(origin: origin, from: key, to: name)
            }
        }
        return merged
    }

    /// The name a joined source's fields are prefixed with: the resource, the file's base name
    /// (letters, digits and `_`), or `stdin`.
    public static func origin(of source: SourceRef) -> String {
        switch source.kind {
        case .resource(let name): return name
        case .stdin: return "stdin"
        case .file(let path):
            let base = path.split(separator: "/").last.map(String.init) ?? path
            let stem = base.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? base
            let word = String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
            return word.isEmpty || word.first?.isNumber == true ? "file_" + word : word
        }
    }
}
