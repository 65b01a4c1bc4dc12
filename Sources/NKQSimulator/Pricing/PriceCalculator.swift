/// Prices items from one contract on one day (docs/simulator.md, "Data model and rules").
///
/// Walk item → module → product group → main group → over group → supplier; the lowest node with
/// an applicable condition wins (most specific first, then the lowest id). Its elements valid on the
/// day give factors: `%` values multiply `(1 + v/100)`, `(%)` values add up to `1 + Σv/100`, and the
/// two products multiply. Purchase applies to the index price; full cost and retail each apply on
/// top of the purchase price. Amounts round half away from zero to øre.
struct PriceCalculator {
    let contract: Contract
    let day: Day
    private let conditionsByNode: [Node: [Condition]]

    /// A hierarchy node; numeric values keep the per-item lookups free of string building.
    private struct Node: Hashable {
        let level: ConditionLevel
        let value: Int
    }

    init(dataset: SimulatorDataset, contract: Contract, day: Day) {
        self.contract = contract
        self.day = day
        var nodes: [Node: [Condition]] = [:]
        for condition in dataset.conditions(of: contract) {
            nodes[Node(level: condition.level, value: condition.levelValue.flatMap { Int($0) } ?? 0), default: []]
                .append(condition)
        }
        conditionsByNode = nodes
    }

    /// The condition that applies to `item` in `context`, or nil when none does.
    func condition(for item: Item, context: OrderContext) -> Condition? {
        let path = [
            Node(level: .item, value: item.nobbNumber), Node(level: .module, value: item.module),
            Node(level: .productGroup, value: item.productGroup), Node(level: .mainGroup, value: item.mainGroup),
            Node(level: .overGroup, value: item.overGroup), Node(level: .supplier, value: 0),
        ]
        for node in path {
            guard let candidates = conditionsByNode[node] else { continue }
            // The most specific that applies; of equals, the lowest id.
            let best = candidates.lazy
                .compactMap { candidate in context.specificity(of: candidate).map { (condition: candidate, specificity: $0) } }
                .max { ($0.specificity, $1.condition.conditionId) < ($1.specificity, $0.condition.conditionId) }
            if let best { return best.condition }
        }
        return nil
    }

    func price(for item: Item, context: OrderContext) -> CalculatedPrice? {
        guard let index = item.indexPrice(on: day) else { return nil }
        let elements = condition(for: item, context: context)?.elements.filter { $0.applies(on: day) } ?? []
        let base = PricePeriod(
            cents: index.cents, from: max(index.from, contract.from), to: Self.earliest(index.to, contract.to))
        let purchase = Self.apply(elements.filter { $0.type == .purchase }, to: base) ?? base
        return CalculatedPrice(
            index: index,
            purchase: purchase,
            fullCost: Self.apply(elements.filter { $0.type == .fullCost }, to: purchase),
            retail: Self.apply(elements.filter { $0.type == .retail }, to: purchase))
    }

    /// nil when there are no elements of the kind (the price does not exist).
    private static func apply(_ elements: [Element], to base: PricePeriod) -> PricePeriod? {
        guard !elements.isEmpty else { return nil }
        var multiplied = 1.0
        var added = 0.0
        var from = base.from
        var to = base.to
        for element in elements {
            let fraction = Double(element.valueTenths) / 1000
            if element.formula == "%" { multiplied *= 1 + fraction } else { added += fraction }
            from = max(from, element.from)
            to = earliest(to, element.to)
        }
        let cents = (Double(base.cents) * multiplied * (1 + added)).rounded(.toNearestOrAwayFromZero)
        return PricePeriod(cents: Int(cents), from: from, to: to)
    }

    private static func earliest(_ lhs: Day?, _ rhs: Day?) -> Day? {
        switch (lhs, rhs) {
        case let (lhs?, rhs?): min(lhs, rhs)
        default: lhs ?? rhs
        }
    }
}

struct CalculatedPrice: Sendable {
    let index: PricePeriod
    let purchase: PricePeriod
    let fullCost: PricePeriod?
    let retail: PricePeriod?
}

extension SimulatorDataset {
    /// Per supplier index, the contract that prices the caller's items on `day`: among the valid
    /// contracts, the one with the latest `from`, then the highest id.
    func pricingContracts(among contracts: [Contract], on day: Day) -> [Int: Contract] {
        var chosen: [Int: Contract] = [:]
        for contract in contracts where contract.isValid(on: day) {
            if let current = chosen[contract.supplierIndex],
                (current.from, current.contractId) > (contract.from, contract.contractId)
            {
                continue
            }
            chosen[contract.supplierIndex] = contract
        }
        return chosen
    }
}
