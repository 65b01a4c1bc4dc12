/// `GET /nobbkontrakt/v1/prices`: calculated prices, one row per (supplier, NOBB number).
///
/// With a date filter the answer is paged over the contracts that produce rows
/// (`contractsPerPage`/`contractPage`), so only the page after the last is empty.
struct PricesEndpoint: Sendable {
    let dataset: SimulatorDataset

    static let filterNames = ["calculationDate", "changedAfterDate", "suppliers", "nobbNumbers"]

    func respond(to request: APIRequest) throws -> SimJSON {
        var reader = QueryReader(request.query)
        let calculationDate = reader.date("calculationDate")
        let changedAfterDate = reader.date("changedAfterDate")
        let suppliers = reader.integerList("suppliers", maximumCount: 10).map(Set.init)
        let nobbNumbers = reader.integerList("nobbNumbers", maximumCount: 20)
        let contractsPerPage = reader.integer("contractsPerPage", in: 1...10)
        let contractPage = reader.integer("contractPage", in: 1...Int.max)
        if !Self.filterNames.contains(where: reader.has) {
            for name in Self.filterNames {
                reader.fail(name, "At least one of calculationDate, changedAfterDate, suppliers or nobbNumbers is required.")
            }
        }
        if let calculationDate, calculationDate < request.today {
            reader.fail("calculationDate", "calculationDate \(calculationDate.text) is in the past; the server date is \(request.today.text).")
        }
        let dated = reader.has("calculationDate") || reader.has("changedAfterDate")
        if dated {
            for name in ["contractsPerPage", "contractPage"] where !reader.has(name) {
                reader.fail(name, "\(name) is required when calculationDate or changedAfterDate is given.")
            }
        }
        guard reader.errors.isEmpty else { throw ProblemDetails.validation(reader.errors) }

        let day = calculationDate ?? request.today
        let wantedItems = nobbNumbers.map { Set($0).sorted().compactMap(dataset.item(nobbNumber:)) }
        let pricing = dataset.pricingContracts(among: dataset.contracts(visibleTo: request.client), on: day)
        var scope: [(contract: Contract, items: [Item])] = []
        for contract in pricing.values.sorted(by: { $0.contractId < $1.contractId }) {
            let supplier = dataset.suppliers[contract.supplierIndex]
            guard suppliers?.contains(supplier.participantNumber) ?? true else { continue }
            var items = wantedItems?.filter { $0.supplierIndex == contract.supplierIndex } ?? Array(dataset.items[supplier.items])
            if let changedAfterDate, contract.lastModified.day <= changedAfterDate {
                // Only items whose index price changed after the date.
                items.removeAll { ($0.indexPrice(on: day)?.from).map { $0 <= changedAfterDate } ?? true }
            }
            if !items.isEmpty { scope.append((contract, items)) }
        }
        if dated, let contractsPerPage, let contractPage {
            let (start, overflow) = (contractPage - 1).multipliedReportingOverflow(by: contractsPerPage)
            guard !overflow, start < scope.count else { return .array([]) }
            scope = Array(scope[start..<min(start + contractsPerPage, scope.count)])
        }
        var rows: [SimJSON] = []
        for (contract, items) in scope {
            let calculator = PriceCalculator(dataset: dataset, contract: contract, day: day)
            for item in items {
                if let price = calculator.price(for: item, context: .none) {
                    let row = dataset.priceJSON(item, price)
                    // Version 2 names the product.
                    rows.append(request.version >= 2 ? row.adding("productName", .string(dataset.itemName(item))) : row)
                }
            }
        }
        return .array(rows)
    }
}
