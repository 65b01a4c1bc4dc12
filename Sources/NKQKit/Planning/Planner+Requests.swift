extension Planner {

    /// The requests that fetch the rows of a resource under the placed predicates.
    func requests(for resource: ResourceSchema, _ pushdown: Pushdown, query: Query) throws(Diagnostic) -> ([PlannedRequest], RowShape) {
        let keyFields = Self.keyFields(of: resource)
        switch resource.name {
        case "contracts", "conditions":
            var params: [QueryItem] = []
            if let from = pushdown.from { params.append(QueryItem(.from, from.description)) }
            if let to = pushdown.to { params.append(QueryItem(.to, to.description)) }
            if pushdown.onlyActiveConditions { params.append(QueryItem(.onlyActiveConditions, "true")) }
            let api = APIResource.contracts
            let paging = api.paging(sending: params)
            let requests = Self.batches(pushdown.keys, keyFields).map {
                PlannedRequest(path: versions.path(of: api), query: $0 + params + paging.firstPageParameters, paging: paging)
            }
            return (requests, resource.name == "conditions" ? .conditionsOfContracts : .elements)
        case "prices":
            return (try priceRequests(pushdown, keyFields: keyFields, query: query), .elements)
        case "zones":
            let requests = Self.batches(pushdown.keys, keyFields).map {
                PlannedRequest(path: versions.path(of: .zones), query: $0, paging: APIResource.zones.paging)
            }
            return (requests, .elements)
        case "orderprices":
            return (try orderRequests(pushdown, query: query), .orderPriceLines)
        default:
            throw .error(.plan, "no API request reads \(resource.name)", at: query.source.span)
        }
    }

    /// Query parameters for each call: per term, the cross product of each key field's batches.
    static func batches(_ keys: KeyForm, _ keyFields: [KeyField]) -> [[QueryItem]] {
        var out: [[QueryItem]] = []
        for term in keys.terms {
            var combos: [[QueryItem]] = [[]]
            for field in keyFields {
                guard let values = term.values[field.parameter] else { continue }
                let chunks = values.chunked(field.batch)
                combos = combos.flatMap { combo in chunks.map { combo + [QueryItem(field.parameter, $0.joined(separator: ","))] } }
            }
            out += combos
        }
        return out
    }

    func priceRequests(_ pushdown: Pushdown, keyFields: [KeyField], query: Query) throws(Diagnostic) -> [PlannedRequest] {
        var dates: [QueryItem] = []
        if let (value, span) = pushdown.inputs[APIResource.Filter.calculationDate.rawValue] {
            let date = try dateInput(.calculationDate, value, span: span)
            guard date.day >= clock.today.day else {
                throw .error(.plan, "calculation date \(date) is in the past; the API calculates prices for today or later", at: span,
                             help: "use `calculationDate = today` or a later date")
            }
            dates.append(QueryItem(.calculationDate, date.description))
        }
        if let (value, span) = pushdown.inputs[APIResource.Filter.changedAfterDate.rawValue] {
            dates.append(QueryItem(.changedAfterDate, try dateInput(.changedAfterDate, value, span: span).description))
        }
        if pushdown.keys.terms.contains(where: { $0.values.isEmpty }) && dates.isEmpty {
            throw .error(.plan, "prices needs a supplier, a NOBB number, a calculation date or a changed-after date", at: query.span,
                         help: "add one, e.g. `where supplier = 10012`, `where nobb in (…)` or `where calculationDate = today`")
        }
        let api = APIResource.prices
        let paging = api.paging(sending: dates)
        return Self.batches(pushdown.keys, keyFields).map {
            PlannedRequest(path: versions.path(of: api), query: $0 + dates + paging.firstPageParameters, paging: paging)
        }
    }

    /// A date the API takes as `yyyy-MM-dd`; the request input has the filter's name.
    func dateInput(_ filter: APIResource.Filter, _ value: JSONValue, span: SourceSpan) throws(Diagnostic) -> TemporalValue {
        let name = filter.rawValue
        guard case .string(let s) = value, let date = TemporalValue.parse(s), date.isDate else {
            throw .error(.plan, "\(name) needs a date (yyyy-MM-dd), not \(value)", at: span,
                         help: "write e.g. `\(name) = today` or `\(name) = 2026-12-01`")
        }
        return date
    }

    /// Purchase-order POSTs: each (supplier, GTIN) pair once, products grouped by supplier, at
    /// most `orderSupplier.batch` suppliers a POST and `orderGTIN.batch` products a supplier
    /// entry (a supplier with more products continues in the next POST).
    func orderRequests(_ pushdown: Pushdown, query: Query) throws(Diagnostic) -> [PlannedRequest] {
        let inputs = pushdown.inputs
        func text(_ name: String) throws(Diagnostic) -> JSONValue? {
            guard let (value, span) = inputs[name] else { return nil }
            switch value {
            case .string(let s) where !s.isEmpty: return .string(s)
            case .number(let n): return .string(n.text)
            default: throw .error(.plan, "\(name) needs a text value, like '0150'", at: span)
            }
        }
        func integer(_ name: String, minimum: Int) throws(Diagnostic) -> Int? {
            guard let (value, span) = inputs[name] else { return nil }
            guard let i = value.intValue, i >= minimum else {
                throw .error(.plan, "\(name) needs a whole number of at least \(minimum)", at: span)
            }
            return i
        }
        var missing: [String] = []
        let supplierKey = KeyField.orderSupplier.parameter, productKey = KeyField.orderGTIN.parameter
        if pushdown.keys.terms.contains(where: { $0.values[supplierKey] == nil }) { missing.append("supplier = N") }
        if pushdown.keys.terms.contains(where: { $0.values[productKey] == nil }) { missing.append("gtin in ('…')") }
        if inputs[APIResource.Filter.deliveryPostalCode.rawValue] == nil { missing.append("deliveryPostalCode = '…'") }
        if inputs[APIResource.Filter.deliveryType.rawValue] == nil { missing.append("deliveryType = '…'") }
        if !missing.isEmpty {
            throw .error(.plan, "orderprices needs suppliers, GTINs, a delivery postal code and a delivery type", at: query.span,
                         help: "add " + missing.map { "`\($0)`" }.joined(separator: ", "))
        }
        var date = clock.today
        if let (value, span) = inputs[APIResource.Filter.calculationDate.rawValue] {
            date = try dateInput(.calculationDate, value, span: span)
            guard date.day >= clock.today.day else {
                throw .error(.plan, "calculation date \(date) is in the past; the API calculates prices for today or later", at: span)
            }
        }
        let count = try integer("quantity", minimum: 1) ?? 1
        let store = try integer(APIResource.Filter.storeParticipantNo.rawValue, minimum: 1)
        var orderValue: JSONValue?
        if let (value, span) = inputs[APIResource.Filter.orderValue.rawValue] {
            guard case .number = value else { throw .error(.plan, "orderValue needs a number", at: span) }
            orderValue = value
        }

        // Products per supplier, in first-seen order, each pair once.
        var suppliers: [String] = []
        var products: [String: [String]] = [:]
        for term in pushdown.keys.terms {
            for s in term.values[supplierKey] ?? [] {
                if products[s] == nil { suppliers.append(s) }
                products[s] = (products[s, default: []] + (term.values[productKey] ?? [])).uniqued()
            }
        }
        let entries = suppliers.map { s in products[s, default: []].chunked(KeyField.orderGTIN.batch).map { (s, $0) } }
        var posts: [[(String, [String])]] = []
        var round = 0
        while true {
            let layer = entries.compactMap { round < $0.count ? $0[round] : nil }
            if layer.isEmpty { break }
            posts += layer.chunked(KeyField.orderSupplier.batch)
            round += 1
        }
        typealias Filter = APIResource.Filter
        var head = JSONObject()
        if let store { head[Filter.storeParticipantNo.rawValue] = .int(store) }
        head[Filter.deliveryPostalCode.rawValue] = try text(Filter.deliveryPostalCode.rawValue)
        head[Filter.deliveryType.rawValue] = try text(Filter.deliveryType.rawValue)
        head[Filter.calculationDate.rawValue] = .string(date.description)
        return posts.map { post in
            var body = head
            body[KeyField.orderSupplier.parameter] = .array(post.map { supplier, gtins in
                var entry = JSONObject()
                entry["participantNo"] = .number(JSONNumber(text: supplier))
                if let orderValue { entry[Filter.orderValue.rawValue] = orderValue }
                entry[KeyField.orderGTIN.parameter] = .array(gtins.map { ["gtin": .string($0), Filter.quantity.rawValue: .int(count)] })
                return .object(entry)
            })
            return PlannedRequest(method: APIResource.purchaseorder.method, path: versions.path(of: .purchaseorder), query: [],
                                  body: .object(body))
        }
    }
}
