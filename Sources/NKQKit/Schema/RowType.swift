/// The fields the rows have at one point of a query: the source's fields, then narrowed,
/// renamed or reshaped by each stage. The analyzer tracks it through the stages; completion
/// offers its paths.
public struct RowType: Sendable, Hashable {
    public var fields: [FieldSchema]
    /// Short names for long paths (`supplier` → `ownerParticipantNumber`), while the rows still
    /// have the API's shape.
    public var aliases: [String: String]
    /// Rows may hold fields nobody described (`file`, `stdin`, or an unknown source): names the
    /// type does not know are allowed and have type `.any`.
    public var isOpen: Bool
    /// The stage that last dropped fields (`select`, `group by`, `count`), for messages about a
    /// field the source has but these rows no longer do.
    public var narrowedBy: String?

    public init(fields: [FieldSchema], aliases: [String: String] = [:], isOpen: Bool = false, narrowedBy: String? = nil) {
        self.fields = fields
        self.aliases = aliases
        self.isOpen = isOpen
        self.narrowedBy = narrowedBy
    }

    public init(_ resource: ResourceSchema) {
        self.init(fields: resource.fields, aliases: resource.aliases)
    }

    /// Rows of unknown shape.
    public static let open = RowType(fields: [], isOpen: true)

    /// What a written path names.
    public enum Resolution: Sendable, Hashable {
        /// A described field, at this canonical path (aliases resolved).
        case field(FieldSchema, path: [String])
        /// Not described, but the rows are open: any value.
        case unknownButOpen(path: [String])
        /// The path goes through an array (`conditions.level`); flatten the array first.
        case throughArray(array: [String])
        case unknown
    }

    /// The path an alias stands for, or the path itself.
    public func canonical(_ path: [String]) -> [String] {
        guard let first = path.first, fields.first(where: { $0.name == first }) == nil,
              let target = aliases[first] else { return path }
        return target.split(separator: ".").map(String.init) + path.dropFirst()
    }

    public func resolve(_ path: [String]) -> Resolution {
        // A column selected as `quantity.unit` is one field with a dotted name.
        let joined = path.joined(separator: ".")
        if path.count > 1, let flat = fields.first(where: { $0.name == joined }) {
            return .field(flat, path: [joined])
        }
        let full = canonical(path)
        var level = fields
        // A field inside an object that may be null is null with it (`fullCostPrice.value`).
        var underNullable = false
        for (i, name) in full.enumerated() {
            guard var field = level.first(where: { $0.name == name }) else {
                return isOpen ? .unknownButOpen(path: full) : .unknown
            }
            if i == full.count - 1 {
                if underNullable { field.nullable = true }
                return .field(field, path: full)
            }
            underNullable = underNullable || field.nullable
            switch field.type {
            case .object(let nested):
                level = nested
            case .array(.object):
                return .throughArray(array: Array(full[...i]))
            case .any:
                return .unknownButOpen(path: full)
            default:
                return isOpen ? .unknownButOpen(path: full) : .unknown
            }
        }
        return .unknown
    }

    /// Every path a statement may name here: nested object fields included, arrays' insides
    /// not (they need a flatten first), then the aliases.
    public var paths: [(path: String, field: FieldSchema)] {
        var out: [(String, FieldSchema)] = []
        func walk(_ fields: [FieldSchema], prefix: String) {
            for f in fields {
                let path = prefix.isEmpty ? f.name : prefix + "." + f.name
                out.append((path, f))
                if case .object(let nested) = f.type { walk(nested, prefix: path) }
            }
        }
        walk(fields, prefix: "")
        for alias in aliases.keys.sorted() where fields.first(where: { $0.name == alias }) == nil {
            if case .field(let f, _) = resolve([alias]) { out.append((alias, f)) }
        }
        return out
    }

    /// Paths inside arrays of objects too (`conditions.level`), for "did you mean".
    var deepPaths: [String] {
        FieldSchema.dottedPaths(of: fields)
    }
}
