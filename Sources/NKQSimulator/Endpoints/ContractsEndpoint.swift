/// `GET /nobbkontrakt/v1/contracts`: the caller's contracts, paged by `count`/`page`.
struct ContractsEndpoint: Sendable {
    let dataset: SimulatorDataset

    func respond(to request: APIRequest) throws -> SimJSON {
        var reader = QueryReader(request.query)
        let count = reader.integer("count", required: true, in: 1...10)
        let page = reader.integer("page", required: true, in: 1...Int.max)
        let suppliers = reader.integerList("suppliers", maximumCount: 10).map(Set.init)
        let from = reader.date("from")
        let to = reader.date("to")
        let onlyActiveConditions = reader.boolean("onlyActiveConditions") ?? false
        guard reader.errors.isEmpty, let count, let page else { throw ProblemDetails.validation(reader.errors) }

        func inWindow(_ day: Day) -> Bool {
            (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true)
        }
        let matching = dataset.contracts(visibleTo: request.client).filter { contract in
            let supplier = dataset.suppliers[contract.supplierIndex].participantNumber
            guard suppliers?.contains(supplier) ?? true else { return false }
            return (from == nil && to == nil) || inWindow(contract.approved.day) || inWindow(contract.lastModified.day)
        }
        let (start, overflow) = (page - 1).multipliedReportingOverflow(by: count)
        guard !overflow, start < matching.count else { return .array([]) }
        let slice = matching[start..<min(start + count, matching.count)]
        return .array(slice.map { contract in
            let json = dataset.json(contract, onlyActiveConditions: onlyActiveConditions)
            // Version 2 names the supplier.
            return request.version >= 2 ? json.adding("supplierName", .string(dataset.suppliers[contract.supplierIndex].name)) : json
        })
    }
}
