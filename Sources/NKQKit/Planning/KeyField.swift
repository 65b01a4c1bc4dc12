/// A row field the API filters by a list of values (suppliers, NOBB numbers, GTINs), with the
/// parameter it becomes and how many values one call takes (from the catalogue, `APIResource`).
struct KeyField: Sendable, Hashable {
    /// The field as the rows name it (aliases resolved).
    var path: [String]
    /// Query parameter (or purchase-order body key) it becomes.
    var parameter: String
    /// Values one call accepts.
    var batch: Int
    /// Participant and NOBB numbers are whole numbers; GTINs are digit strings.
    var integer: Bool
    /// For messages: "supplier", "NOBB number", "GTIN".
    var noun: String

    init(path: [String], _ list: APIResource.KeyList, integer: Bool, noun: String) {
        self.path = path
        parameter = list.parameter
        batch = list.cap
        self.integer = integer
        self.noun = noun
    }

    static let contractSupplier = KeyField(path: ["ownerParticipantNumber"], APIResource.suppliers, integer: true, noun: "supplier")
    static let conditionSupplier = KeyField(path: ["supplier"], APIResource.suppliers, integer: true, noun: "supplier")
    static let priceSupplier = KeyField(path: ["supplierParticipantNumber"], APIResource.suppliers, integer: true, noun: "supplier")
    static let nobbNumber = KeyField(path: ["nobbNumber"], APIResource.nobbNumbers, integer: true, noun: "NOBB number")
    static let zoneSupplier = KeyField(path: ["supplierParticipantNumber"], APIResource.suppliers, integer: true, noun: "supplier")
    /// Purchase orders: suppliers a POST, products a supplier entry.
    static let orderSupplier = KeyField(path: ["participantNo"], APIResource.orderSuppliers, integer: true, noun: "supplier")
    static let orderGTIN = KeyField(path: ["gtin"], APIResource.orderProducts, integer: false, noun: "GTIN")
}

/// The key predicates of a statement in disjunctive normal form: a union of terms, each term
/// giving, per key field, the values rows must have (a field absent from a term is free).
/// `(supplier = 1 and nobb in (5, 6)) or supplier = 3` is {suppliers 1; nobbNumbers 5,6} or
/// {suppliers 3}; `and` takes the product of two forms, intersecting values.
struct KeyForm: Sendable, Hashable {
    struct Term: Sendable, Hashable {
        /// Parameter → values in first-seen order, no duplicates.
        var values: [String: [String]] = [:]
    }

    var terms: [Term]

    /// No constraint: one free term.
    static let free = KeyForm(terms: [Term()])

    /// Most terms a form may grow to before the planner stops pushing more key predicates down.
    static let maxTerms = 64

    static func leaf(_ parameter: String, _ values: [String]) -> KeyForm {
        let unique = values.uniqued()
        return KeyForm(terms: unique.isEmpty ? [] : [Term(values: [parameter: unique])])
    }

    func or(_ other: KeyForm) -> KeyForm {
        KeyForm(terms: terms + other.terms).normalized()
    }

    func and(_ other: KeyForm) -> KeyForm {
        var out: [Term] = []
        for a in terms {
            for b in other.terms {
                var merged = a.values
                var empty = false
                for (parameter, values) in b.values {
                    if let existing = merged[parameter] {
                        let keep = Set(values)
                        let both = existing.filter { keep.contains($0) }
                        if both.isEmpty { empty = true; break }
                        merged[parameter] = both
                    } else {
                        merged[parameter] = values
                    }
                }
                if !empty { out.append(Term(values: merged)) }
            }
        }
        return KeyForm(terms: out).normalized()
    }

    /// Merges terms that constrain the same single field into one list; a free term absorbs all.
    func normalized() -> KeyForm {
        if terms.contains(where: { $0.values.isEmpty }) { return .free }
        var out: [Term] = []
        for term in terms {
            if term.values.count == 1, let (parameter, values) = term.values.first,
               let i = out.firstIndex(where: { $0.values.count == 1 && $0.values[parameter] != nil }) {
                out[i].values[parameter] = (out[i].values[parameter, default: []] + values).uniqued()
            } else if !out.contains(term) {
                out.append(term)
            }
        }
        return KeyForm(terms: out)
    }

    var isContradiction: Bool { terms.isEmpty }
    var isFree: Bool { terms.count == 1 && terms[0].values.isEmpty }
}

extension Array where Element: Hashable {
    /// The elements in order, repeats removed.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
