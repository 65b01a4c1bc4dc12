import Synchronization

/// A field a statement names on the rows of a file or stdin, checked against the rows read:
/// a file has no schema to check it against beforehand, so a typo would otherwise filter
/// every row away without a word.
public struct SourceFieldUse: Sendable, Hashable {
    /// The top-level name in the rows (aliases resolved): `ownerParticipantNumber` for `supplier`.
    public var name: String
    /// As written, for the message.
    public var written: String
    public var span: SourceSpan
}

extension Planner {
    /// The fields named on the source's rows: by the stages up to the first that reshapes them
    /// (after a `select`, `group by`, `count` or `flatten`, names are the stage's own).
    static func sourceFieldUses(_ stages: [Stage], fields: ResolvedFields) -> [SourceFieldUse] {
        var uses: [SourceFieldUse] = []
        func use(_ field: FieldRef) {
            guard let name = fields.path(of: field).first else { return }
            uses.append(SourceFieldUse(name: name, written: field.description, span: field.span))
        }
        func walk(_ predicate: Predicate) {
            switch predicate {
            case .compare(let f, _, _, _), .membership(let f, _, _, _), .contains(let f, _, _), .matches(let f, _, _), .isNull(let f, _, _):
                use(f)
            case .and(let l, let r), .or(let l, let r):
                walk(l)
                walk(r)
            case .not(let inner, _):
                walk(inner)
            }
        }
        for stage in stages {
            switch stage {
            case .filter(let p, _): walk(p)
            case .sort(let keys, _): keys.map(\.field).forEach(use)
            case .distinct(let fields, _): fields.forEach(use)
            case .limit: break
            case .select(let items, _, _):
                items.map(\.field).forEach(use)
                return uses
            case .flatten(let field, _):
                use(field)
                return uses
            case .group(let keys, let aggregates, _):
                keys.forEach(use)
                aggregates.compactMap(\.field).forEach(use)
                return uses
            case .count:
                return uses
            case .join(let clause, _):
                use(clause.left)
                return uses
            }
        }
        return uses
    }
}

/// The top-level field names seen in a source's rows, for `SourceFieldUse` checks.
final class FieldSightings: Sendable {
    private let seen = Mutex<(names: Set<String>, rows: Int)>(([], 0))

    func note(_ row: JSONValue) {
        guard let object = row.objectValue else { return }
        seen.withLock {
            $0.rows += 1
            for key in object.keys { $0.names.insert(key) }
        }
    }

    /// Names met by a reader that hands on only some fields of each row, and its row count.
    func note(names: [String], rows: Int) {
        seen.withLock {
            $0.rows += rows
            $0.names.formUnion(names)
        }
    }

    /// Warnings for the fields that no row read had (none when no row was read).
    func warnings(for uses: [SourceFieldUse], origin: String) -> [Diagnostic] {
        let (names, rows) = seen.withLock { $0 }
        guard rows > 0 else { return [] }
        var warned: Set<String> = []
        return uses.compactMap { use in
            guard !names.contains(use.name), warned.insert(use.written).inserted else { return nil }
            let sorted = names.sorted()
            let shown = sorted.prefix(8).map { "'\($0)'" }.joined(separator: ", ") + (sorted.count > 8 ? ", …" : "")
            return Diagnostic(.warning, kind: .unknownName,
                              message: "no row of \(origin) has the field '\(use.written)'",
                              span: use.span,
                              help: Suggestion.help(for: use.name, in: sorted) ?? "the rows have \(shown)")
        }
    }
}
