extension Planner {
    /// Calls the plan needs: at least one per request (one when a fetch limit may be met by the
    /// first page), at most one per single request and, for paged requests, unbounded unless a
    /// fetch limit caps the pages; the estimate uses pages seen before, else a guess.
    func cost(of plan: Plan) -> PlanCost {
        let requests = plan.requests
        guard !requests.isEmpty else { return .zero }
        var min = 0
        var max: Int? = 0
        var estimate = 0
        for request in requests {
            let guess = pagesSeen[request] ?? defaultCalls(request)
            switch request.paging {
            case .single:
                min += 1
                max = max.map { $0 + 1 }
                estimate += 1
            case .pages(_, _, let size, _, let stop):
                min += 1
                if let n = plan.fetchLimit, stop == .shortPage {
                    // A full page of a short-page request holds `size` rows.
                    let cap = Swift.max(1, (n + size - 1) / size)
                    max = max.map { $0 + cap }
                    estimate += Swift.min(guess, cap)
                } else {
                    max = nil
                    estimate += guess
                }
            }
        }
        if plan.fetchLimit != nil { min = 1 }
        if let max { estimate = Swift.min(estimate, max) }
        return PlanCost(min: min, max: max, estimate: Swift.max(estimate, min))
    }

    /// A guess of the calls of a request never run before.
    func defaultCalls(_ request: PlannedRequest) -> Int {
        guard case .pages(_, _, let size, _, _) = request.paging else { return 1 }
        let suppliers = request.query.first { $0.name == APIResource.suppliers.parameter }.map { $0.value.split(separator: ",").count } ?? 0
        let nobbs = request.query.first { $0.name == APIResource.nobbNumbers.parameter } != nil
        switch request.resource {
        case APIResource.contracts.name:
            return suppliers == 0 ? Self.defaultUnfilteredCalls : suppliers * Self.contractsPerSupplierGuess / size + 1
        default:
            // Prices page over agreements and end with an empty page.
            return suppliers == 0 && !nobbs ? Self.defaultUnfilteredCalls : 2
        }
    }

    /// Warnings for reads that are larger than they look.
    func readWarnings(_ plan: Plan) -> [String] {
        var out: [String] = []
        let unbounded = plan.cost.max == nil
        let requests = plan.requests
        let estimate = plan.cost.estimate ?? plan.cost.min
        if requests.contains(where: { $0.resource == APIResource.contracts.name && !$0.query.contains { $0.name == APIResource.suppliers.parameter } }), unbounded {
            out.append("no supplier filter: this reads every contract you can see, about \(estimate) calls")
        }
        if requests.contains(where: { $0.resource == APIResource.prices.name && !$0.query.contains { [APIResource.suppliers.parameter, APIResource.nobbNumbers.parameter].contains($0.name) } }), unbounded {
            out.append("no supplier or NOBB number filter: this prices every agreement you can see, about \(estimate) calls")
        }
        if requests.contains(where: { $0.resource == APIResource.zones.name && $0.query.isEmpty }) {
            out.append("no supplier filter: this reads the zone registers of every supplier you can see")
        }
        return out
    }
}
