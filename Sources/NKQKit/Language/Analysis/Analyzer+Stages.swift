// How each stage checks its fields and changes the rows' type.
extension AnalyzerRun {
    mutating func analyze(_ stage: Stage, row: RowType, isRequestFilter: Bool, source: SourceRef) -> RowType {
        switch stage {
        case .join(let clause, _):
            return join(clause, row: row, from: source)
        case .filter(let predicate, _):
            check(predicate, in: row, requestInputs: isRequestFilter)
            return row
        case .select(let items, let all, _):
            return all ? row : select(items, from: row)
        case .sort(let keys, _):
            for key in keys {
                if let f = field(key.field, in: row) { requireScalar(f, key.field, for: "sort by") }
            }
            return row
        case .limit:
            return row
        case .flatten(let ref, _):
            return flatten(ref, in: row)
        case .distinct(let refs, _):
            for ref in refs {
                if let f = field(ref, in: row) { requireScalar(f, ref, for: "compare for distinct") }
            }
            return row
        case .count:
            return RowType(fields: [FieldSchema("count", .integer, "Number of rows.")], narrowedBy: "count")
        case .group(let keys, let aggregates, _):
            return group(keys, aggregates, in: row)
        }
    }

    /// Objects and arrays cannot be sorted, grouped or compared as one value.
    @discardableResult
    mutating func requireScalar(_ f: FieldSchema, _ ref: FieldRef, for use: String) -> Bool {
        switch f.type {
        case .object:
            error(.type, "cannot \(use) '\(ref)', an object", at: ref.span, help: "use one of its fields, e.g. \(ref).\(Self.firstField(of: f.type) ?? "…")")
            return false
        case .array:
            error(.type, "cannot \(use) '\(ref)', an array", at: ref.span, help: "flatten it first: | flatten \(ref)")
            return false
        default:
            return true
        }
    }

    static func firstField(of type: FieldType) -> String? {
        if case .object(let fields) = type { return fields.first?.name }
        return nil
    }

    mutating func select(_ items: [SelectItem], from row: RowType) -> RowType {
        var fields: [FieldSchema] = []
        var seen: [String: SourceSpan] = [:]
        for item in items {
            let name = item.outputName
            if seen[name] != nil {
                error(.type, "the column '\(name)' is selected twice", at: item.span, help: "rename one with 'as NAME'")
            }
            seen[name] = item.span
            var f = field(item.field, in: row) ?? FieldSchema(name, .any, nullable: true, "")
            f.name = name
            fields.append(f)
        }
        return RowType(fields: fields, narrowedBy: "select")
    }

    /// One row per element of an array field: elements that are objects are merged into the
    /// row (an element's field whose name the row has is renamed, `NameClash`); other elements
    /// replace the field.
    mutating func flatten(_ ref: FieldRef, in row: RowType) -> RowType {
        guard let f = field(ref, in: row) else { return RowType(fields: row.fields, isOpen: true, narrowedBy: row.narrowedBy) }
        let path = analysis.fields.path(of: ref)
        switch f.type {
        case .any:
            return RowType(fields: row.fields, aliases: row.aliases, isOpen: true, narrowedBy: row.narrowedBy)
        case .array(.object(let children)):
            guard path.count == 1 else {
                // An array inside an object (`a.b`): its elements merge at the top too.
                return merge(children, into: row, removing: nil, origin: path[path.count - 1])
            }
            return merge(children, into: row, removing: path[0], origin: path[0])
        case .array(let element):
            var out = row
            if path.count == 1, let i = out.fields.firstIndex(where: { $0.name == path[0] }) {
                out.fields[i].type = element
            }
            return out
        default:
            error(.type, "cannot flatten '\(ref)', \(Self.article(f.type))", at: ref.span,
                  help: flattenHelp(row))
            return row
        }
    }

    func flattenHelp(_ row: RowType) -> String? {
        let arrays = row.paths.filter { if case .array = $0.field.type { true } else { false } }.map(\.path)
        return arrays.isEmpty ? "flatten takes an array field" : "arrays here: " + arrays.joined(separator: ", ")
    }

    static func article(_ type: FieldType) -> String {
        switch type {
        case .integer: "an integer"
        case .object: "an object"
        case .array, .any: "\(type)"
        case .enumeration: "a string"
        default: "a \(type)"
        }
    }

    /// The row's fields (minus `name`), then `children`, renamed where they clash (`NameClash`).
    func merge(_ children: [FieldSchema], into row: RowType, removing name: String?, origin: String) -> RowType {
        var fields = row.fields.filter { $0.name != name }
        for var child in children {
            if fields.contains(where: { $0.name == child.name }) {
                let taken = fields.map(\.name)
                child.name = NameClash.renamed(child.name, from: origin, taken: { taken.contains($0) })
            }
            fields.append(child)
        }
        var aliases = row.aliases
        for (alias, target) in row.aliases {
            let head = String(target.split(separator: ".").first ?? "")
            if head == name || fields.contains(where: { $0.name == alias }) { aliases[alias] = nil }
        }
        return RowType(fields: fields, aliases: aliases, isOpen: row.isOpen, narrowedBy: row.narrowedBy)
    }

    mutating func group(_ keys: [FieldRef], _ aggregates: [Aggregate], in row: RowType) -> RowType {
        var fields: [FieldSchema] = []
        var seen = Set<String>()
        func add(_ f: FieldSchema, _ span: SourceSpan, _ run: inout AnalyzerRun) {
            if !seen.insert(f.name).inserted {
                run.error(.type, "the column '\(f.name)' appears twice in the group's output", at: span, help: "rename one with 'as NAME'")
            }
            fields.append(f)
        }
        for key in keys {
            var f = field(key, in: row) ?? FieldSchema(key.description, .any, nullable: true, "")
            requireScalar(f, key, for: "group by")
            f.name = key.description
            add(f, key.span, &self)
        }
        for aggregate in aggregates {
            add(FieldSchema(aggregate.outputName, aggregateType(aggregate, in: row), nullable: aggregate.function != .count,
                            "\(aggregate.function.rawValue) of each group"), aggregate.span, &self)
        }
        return RowType(fields: fields, narrowedBy: "group by")
    }

    mutating func aggregateType(_ aggregate: Aggregate, in row: RowType) -> FieldType {
        guard let ref = aggregate.field else { return .integer }
        guard let f = field(ref, in: row) else { return .any }
        let name = aggregate.function.rawValue
        switch aggregate.function {
        case .count:
            return .integer
        case .sum, .avg:
            if f.type.isNumeric || f.type == .any {
                return aggregate.function == .avg ? .decimal : f.type
            }
            error(.type, "\(name)() needs a number; '\(ref)' is \(Self.article(f.type))", at: ref.span,
                  help: "use count() to count rows, or min()/max()")
            return .any
        case .min, .max:
            guard requireScalar(f, ref, for: "take \(name)() of") else { return .any }
            if f.type == .bool {
                error(.type, "\(name)() cannot order booleans", at: ref.span)
                return .any
            }
            if case .enumeration = f.type { return .string }
            return f.type
        }
    }
}
