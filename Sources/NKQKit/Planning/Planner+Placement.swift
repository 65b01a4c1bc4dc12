extension Planner {
    /// The key fields a resource's API filters by.
    static func keyFields(of resource: ResourceSchema) -> [KeyField] {
        switch resource.name {
        case "contracts": [.contractSupplier]
        case "conditions": [.conditionSupplier]
        case "prices": [.priceSupplier, .nobbNumber]
        case "zones": [.zoneSupplier]
        case "orderprices": [.orderSupplier, .orderGTIN]
        default: []
        }
    }

    /// Contract fields whose dates the API's `from`/`to` match (either one, inclusive).
    static let contractDateFields: Set<[String]> = [["approved"], ["lastModified"]]

    /// Places each conjunct. Errors in values (a malformed list, a non-number supplier) are
    /// collected so that every one is reported.
    func place(_ parts: [Predicate], resource: ResourceSchema, fields: ResolvedFields, source: SourceText,
               diagnostics: inout [Diagnostic]) -> Pushdown {
        var pushdown = Pushdown()
        let keyFields = Self.keyFields(of: resource)
        var lower: (value: TemporalValue, index: Int, field: String)?
        var upper: (value: TemporalValue, index: Int, field: String)?
        var bounds: [String: (lower: (TemporalValue, Int)?, upper: (TemporalValue, Int)?)] = [:]

        for predicate in parts {
            let text = source.slice(predicate.span)
            var kind = Pushdown.Kind.local
            do {
                kind = try classify(predicate, resource: resource, keyFields: keyFields, fields: fields)
            } catch {
                diagnostics.append(error)
            }
            if case .key(let form, _) = kind {
                let product = pushdown.keys.and(form)
                if product.terms.count > KeyForm.maxTerms {
                    kind = .local
                } else {
                    pushdown.keys = product
                }
            }
            let index = pushdown.conjuncts.count
            var placed = PlacedPredicate(text: text, placement: .local)
            var recheck = true
            switch kind {
            case .key(_, let parameters):
                placed = PlacedPredicate(text: text, placement: .exact, parameter: parameters.joined(separator: ","))
                recheck = false
            case .input(let name, let value, let span):
                if let existing = pushdown.inputs[name], existing.value != value {
                    diagnostics.append(.error(.plan, "\(name) is given twice with different values", at: span))
                }
                pushdown.inputs[name] = (value, span)
                placed = PlacedPredicate(text: text, placement: .exact, parameter: name)
                recheck = false
            case .onlyActiveConditions:
                pushdown.onlyActiveConditions = true
                placed = PlacedPredicate(text: text, placement: .exact, parameter: APIResource.Filter.onlyActiveConditions.rawValue)
                recheck = false
            case .dateBound(let field, let lo, let hi):
                var b = bounds[field] ?? (nil, nil)
                if let lo, b.lower.map({ lo > $0.0 }) ?? true { b.lower = (lo, index) }
                if let hi, b.upper.map({ hi < $0.0 }) ?? true { b.upper = (hi, index) }
                bounds[field] = b
            case .local:
                break
            }
            pushdown.conjuncts.append(Pushdown.Conjunct(predicate: predicate, text: text, kind: kind, placed: placed, recheck: recheck))
        }

        // `from`/`to` match a contract when approved OR lastModified falls in [from, to]. Bounds
        // on one field may use both ends; across fields only the tightest lower bound (or, with
        // no lower bound, the tightest upper bound) is still a superset of the statement's rows.
        let fields = ["approved", "lastModified"]
        if let field = fields.first(where: { bounds[$0]?.lower != nil && bounds[$0]?.upper != nil }),
           let lo = bounds[field]?.lower, let hi = bounds[field]?.upper {
            lower = (lo.0, lo.1, field)
            upper = (hi.0, hi.1, field)
        } else if let best = fields.compactMap({ f in bounds[f]?.lower.map { ($0.0, $0.1, f) } })
            .sorted(by: { $0.0.day != $1.0.day ? $0.0.day > $1.0.day : $0.1 < $1.1 }).first {
            lower = best
        } else if let best = fields.compactMap({ f in bounds[f]?.upper.map { ($0.0, $0.1, f) } })
            .sorted(by: { $0.0.day != $1.0.day ? $0.0.day < $1.0.day : $0.1 < $1.1 }).first {
            upper = best
        }
        if let lower {
            pushdown.from = lower.value
            pushdown.conjuncts[lower.index].placed = PlacedPredicate(text: pushdown.conjuncts[lower.index].text, placement: .prefilter, parameter: APIResource.Filter.from.rawValue)
        }
        if let upper {
            pushdown.to = upper.value
            let c = pushdown.conjuncts[upper.index]
            let to = APIResource.Filter.to.rawValue
            let parameter = lower?.index == upper.index ? APIResource.Filter.from.rawValue + "," + to : to
            pushdown.conjuncts[upper.index].placed = PlacedPredicate(text: c.text, placement: .prefilter, parameter: parameter)
        }
        if let from = pushdown.from, let to = pushdown.to, from.day > to.day {
            pushdown.datesContradict = true
        }
        return pushdown
    }

    func classify(_ predicate: Predicate, resource: ResourceSchema, keyFields: [KeyField],
                  fields: ResolvedFields) throws(Diagnostic) -> Pushdown.Kind {
        if let form = try keyForm(predicate, keyFields: keyFields, fields: fields) {
            var parameters: [String] = []
            for term in form.terms { for p in term.values.keys where !parameters.contains(p) { parameters.append(p) } }
            let order = keyFields.map(\.parameter)
            parameters.sort { (order.firstIndex(of: $0) ?? 0) < (order.firstIndex(of: $1) ?? 0) }
            if parameters.isEmpty { parameters = keyFields.map(\.parameter).filter { p in Self.mentions(predicate, p, keyFields, fields) } }
            return .key(form, parameters: parameters)
        }
        guard case .compare(let field, let op, let expr, _) = predicate else { return .local }
        let path = fields.path(of: field)
        if fields[field]?.schema.inputOnly == true {
            guard op == .equal else {
                throw .error(.plan, "\(field) is a request input: it can only be given with `=`", at: predicate.span,
                             help: "write `\(field) = VALUE`")
            }
            return .input(name: path.joined(separator: "."), value: try evaluator.evaluate(expr), span: expr.span)
        }
        if resource.name == "conditions", path == ["active"], op == .equal, try evaluator.evaluate(expr) == .bool(true) {
            return .onlyActiveConditions
        }
        if resource.name == "contracts", Self.contractDateFields.contains(path), op != .notEqual,
           let value = try evaluator.temporal(expr) {
            // A date stands for 00:00 UTC of its day, and the API compares the day of approved
            // and lastModified: `> D` still admits later times on day D, `< D` ends the day before.
            let day = value.date
            switch op {
            case .greaterOrEqual: return .dateBound(field: path[0], lower: day, upper: nil)
            case .greater: return .dateBound(field: path[0], lower: day, upper: nil)
            case .lessOrEqual: return .dateBound(field: path[0], lower: nil, upper: day)
            case .less: return .dateBound(field: path[0], lower: nil, upper: value == day ? day.adding(days: -1) : day)
            case .equal: return .dateBound(field: path[0], lower: day, upper: day)
            case .notEqual: return .local
            }
        }
        return .local
    }

    static func mentions(_ predicate: Predicate, _ parameter: String, _ keyFields: [KeyField], _ fields: ResolvedFields) -> Bool {
        switch predicate {
        case .compare(let f, _, _, _), .membership(let f, _, _, _):
            return keyFields.contains { $0.parameter == parameter && $0.path == fields.path(of: f) }
        case .and(let l, let r), .or(let l, let r):
            return mentions(l, parameter, keyFields, fields) || mentions(r, parameter, keyFields, fields)
        default:
            return false
        }
    }

    /// The key form of a predicate made only of `KEY = v`, `KEY in (…)`, `and` and `or`; nil otherwise.
    func keyForm(_ predicate: Predicate, keyFields: [KeyField], fields: ResolvedFields) throws(Diagnostic) -> KeyForm? {
        switch predicate {
        case .compare(let field, .equal, let expr, _):
            guard let key = keyFields.first(where: { $0.path == fields.path(of: field) }) else { return nil }
            let value = try evaluator.evaluate(expr)
            if case .array = value {
                throw .error(.plan, "\(field) = needs one value; use `in` for a list", at: expr.span, help: "write `\(field) in (…)`")
            }
            return .leaf(key.parameter, [try keyText(value, key, span: expr.span)])
        case .membership(let field, false, let expr, _):
            guard let key = keyFields.first(where: { $0.path == fields.path(of: field) }) else { return nil }
            guard case .array(let items) = try evaluator.evaluate(expr) else {
                throw .error(.plan, "`in` needs a list, like (10012, 10017)", at: expr.span)
            }
            var texts: [String] = []
            for item in items { texts.append(try keyText(item, key, span: expr.span)) }
            return .leaf(key.parameter, texts)
        case .or(let l, let r):
            guard let a = try keyForm(l, keyFields: keyFields, fields: fields),
                  let b = try keyForm(r, keyFields: keyFields, fields: fields) else { return nil }
            return a.or(b)
        case .and(let l, let r):
            guard let a = try keyForm(l, keyFields: keyFields, fields: fields),
                  let b = try keyForm(r, keyFields: keyFields, fields: fields) else { return nil }
            let product = a.and(b)
            return product.terms.count > KeyForm.maxTerms ? nil : product
        default:
            return nil
        }
    }

    /// A key value as the API takes it: participant and NOBB numbers as whole numbers, GTINs as digits.
    func keyText(_ value: JSONValue, _ key: KeyField, span: SourceSpan) throws(Diagnostic) -> String {
        switch value {
        case .number(let n) where key.integer:
            if let i = n.int, i > 0 { return String(i) }
        case .string(let s) where !s.isEmpty && s.allSatisfy(\.isASCIIDigit):
            if !key.integer { return s }
            if let i = Int(s), i > 0 { return String(i) }
        case .number(let n) where !key.integer:
            if n.int != nil { return n.text }
        default:
            break
        }
        throw .error(.plan, "\(value) is not a \(key.noun) the API accepts", at: span,
                     help: key.integer ? "\(key.noun)s are positive whole numbers" : "\(key.noun)s are digit strings, like '7020650123456'")
    }

    /// Request inputs (`calculationDate`, …) exist only as parameters: they may only appear as
    /// `INPUT = value` joined by `and` in the first `where`.
    func checkInputsOnlyInLeadingWhere(_ query: Query, leadingCount: Int, fields: ResolvedFields,
                                       diagnostics: inout [Diagnostic]) {
        func visit(_ p: Predicate, topLevel: Bool) {
            switch p {
            case .and(let l, let r):
                visit(l, topLevel: topLevel)
                visit(r, topLevel: topLevel)
            case .or(let l, let r):
                visit(l, topLevel: false)
                visit(r, topLevel: false)
            case .not(let inner, _):
                visit(inner, topLevel: false)
            case .compare(let f, _, _, let span), .membership(let f, _, _, let span), .contains(let f, _, let span),
                 .matches(let f, _, let span), .isNull(let f, _, let span):
                guard fields[f]?.schema.inputOnly == true else { return }
                // A top-level comparison is an input (`=`) or reported by `classify`.
                if case .compare = p, topLevel { return }
                if case .membership = p, topLevel {
                    diagnostics.append(.error(.plan, "\(f) is a request input and takes one value a statement, not a list", at: span,
                                              help: "give it as `\(f) = VALUE`, and run the statement once for each value"))
                    return
                }
                diagnostics.append(.error(.plan, "\(f) is a request input, not a field of the rows", at: span,
                                          help: "give it as `\(f) = VALUE` joined with `and` in the first where"))
            }
        }
        for (i, stage) in query.stages.enumerated() {
            if case .filter(let p, _) = stage { visit(p, topLevel: i < leadingCount) }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
