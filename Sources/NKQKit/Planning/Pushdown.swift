/// Where each top-level conjunct of a statement's first `where` went, and the API parameters
/// they became. Built by `Planner` for one resource.
struct Pushdown {
    enum Kind {
        /// A key predicate (supplier, NOBB number, GTIN); exact.
        case key(KeyForm, parameters: [String])
        /// `approved`/`lastModified` against a date: a bound for `from`/`to` (prefilter).
        case dateBound(field: String, lower: TemporalValue?, upper: TemporalValue?)
        /// A request input (`calculationDate = …`); exact, never checked on rows.
        case input(name: String, value: JSONValue, span: SourceSpan)
        /// `active = true` on conditions: `onlyActiveConditions=true`; exact.
        case onlyActiveConditions
        case local
    }

    struct Conjunct {
        var predicate: Predicate
        var text: String
        var kind: Kind
        var placed: PlacedPredicate
        /// Kept in the local re-check (prefilter and local predicates).
        var recheck: Bool
    }

    var conjuncts: [Conjunct] = []
    var keys = KeyForm.free
    var from: TemporalValue?
    var to: TemporalValue?
    /// `approved >= D2 and approved <= D1` with D1 < D2.
    var datesContradict = false
    var inputs: [String: (value: JSONValue, span: SourceSpan)] = [:]
    var onlyActiveConditions = false

    var contradiction: Bool { keys.isContradiction || datesContradict }

    /// The texts of the key predicates, for the contradiction warning.
    var keyTexts: [String] {
        conjuncts.compactMap { if case .key = $0.kind { $0.text } else { nil } }
    }
}
