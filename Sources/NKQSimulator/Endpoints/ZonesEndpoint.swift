/// `GET /nobbkontrakt/v1/zones`: zone registers of the given suppliers, or of every supplier
/// the caller has contracts with. Suppliers without a register are left out.
struct ZonesEndpoint: Sendable {
    let dataset: SimulatorDataset

    func respond(to request: APIRequest) throws -> SimJSON {
        var reader = QueryReader(request.query)
        let requested = reader.integerList("suppliers", maximumCount: 10)
        guard reader.errors.isEmpty else { throw ProblemDetails.validation(reader.errors) }
        let participantNumbers = requested.map { Set($0) }
            ?? Set(dataset.contracts(visibleTo: request.client).map { dataset.suppliers[$0.supplierIndex].participantNumber })
        let registers = participantNumbers.sorted()
            .compactMap(dataset.supplier(participantNumber:))
            .filter { !$0.zones.isEmpty }
        return .array(registers.map { supplier in
            // Version 2 names the supplier.
            let json = dataset.zoneRegisterJSON(supplier)
            return request.version >= 2 ? json.adding("supplierName", .string(supplier.name)) : json
        })
    }
}
