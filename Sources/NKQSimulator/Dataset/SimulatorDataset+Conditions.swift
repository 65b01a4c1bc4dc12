extension SimulatorDataset {
    /// The contract's conditions, derived from the seed and the contract id (same input, same list).
    ///
    /// Condition ids are `contractId * 100 + n`, element ids `conditionId * 10 + n`.
    func conditions(of contract: Contract) -> [Condition] {
        guard contract.conditionCount > 0 else { return [] }
        var random = SeededGenerator(seed: seed, stream: UInt64(contract.contractId))
        let supplier = suppliers[contract.supplierIndex]
        let troubled = contract.profile == .inactiveAndExpired
        var conditions: [Condition] = []
        conditions.reserveCapacity(contract.conditionCount)

        for ordinal in 0..<contract.conditionCount {
            let conditionId = contract.contractId * 100 + ordinal + 1
            var level = ConditionLevel.supplier
            var levelValue: String? = nil
            var quantity: Condition.Quantity? = nil
            var deliveryType: String? = nil
            var zoneId: Int? = nil
            if ordinal > 0 {
                if let previous = conditions.last, previous.level != .supplier, random.chance(0.25) {
                    // An alternative on the same node, chosen by order context.
                    level = previous.level
                    levelValue = previous.levelValue
                    switch random.int(0...2) {
                    case 0: deliveryType = random.pick(NorwegianWords.deliveryTypes)
                    case 1 where !supplier.zones.isEmpty: zoneId = random.int(1...supplier.zones.count)
                    default:
                        quantity = random.chance(0.7)
                            ? Condition.Quantity(from: random.pick([10, 25, 50, 100]), to: nil, unit: "STK")
                            : Condition.Quantity(from: random.pick([10_000, 50_000]), to: nil, unit: "NOK")
                    }
                } else {
                    let item = items[random.int(supplier.items.lowerBound...(supplier.items.upperBound - 1))]
                    (level, levelValue) = Self.node(of: item, choice: random.int(0...99))
                }
            }
            let active = troubled ? random.chance(0.5) : random.chance(0.9)
            var elements: [Element] = []
            let elementCount = random.int(1...3)
            for elementOrdinal in 0..<elementCount {
                elements.append(element(
                    id: conditionId * 10 + elementOrdinal + 1, type: .purchase, contract: contract,
                    troubled: troubled, random: &random))
            }
            if random.chance(0.15) {
                elements.append(element(
                    id: conditionId * 10 + elements.count + 1, type: .fullCost, contract: contract,
                    troubled: false, random: &random))
            }
            if random.chance(0.15) {
                elements.append(element(
                    id: conditionId * 10 + elements.count + 1, type: .retail, contract: contract,
                    troubled: false, random: &random))
            }
            let baseName = random.pick(NorwegianWords.conditionNames)
            let name: String
            if let deliveryType {
                name = "\(baseName) – levering \(deliveryType.lowercased())"
            } else if let zoneId {
                name = "\(baseName) – sone \(zoneId)"
            } else if let quantity {
                name = "\(baseName) – fra \(quantity.from) \(quantity.unit)"
            } else {
                name = baseName
            }
            conditions.append(Condition(
                conditionId: conditionId, name: name, active: active, level: level, levelValue: levelValue,
                quantity: quantity, deliveryType: deliveryType, zoneId: zoneId, packaging: nil, elements: elements))
        }
        return conditions
    }

    /// A hierarchy node above or at `item`, weighted towards the middle levels.
    private static func node(of item: Item, choice: Int) -> (ConditionLevel, String) {
        switch choice {
        case 0..<15: (.overGroup, String(item.overGroup))
        case 15..<35: (.mainGroup, String(item.mainGroup))
        case 35..<60: (.productGroup, String(item.productGroup))
        case 60..<75: (.module, String(item.module))
        default: (.item, String(item.nobbNumber))
        }
    }

    private func element(
        id: Int, type: ElementType, contract: Contract, troubled: Bool, random: inout SeededGenerator
    ) -> Element {
        let value: Int
        let names: [String]
        switch type {
        case .purchase:
            value = -(random.int(1...9) * 50 + random.pick([0, 0, 0, 5, 25]))
            names = NorwegianWords.purchaseElementNames
        case .fullCost:
            value = random.int(3...12) * 10
            names = NorwegianWords.fullCostElementNames
        case .retail:
            value = random.int(5...12) * 50
            names = NorwegianWords.retailElementNames
        }
        var from = contract.from
        var to: Day? = nil
        if random.chance(troubled ? 0.5 : 0.08) {
            // Expired: ended before the dataset's "now".
            to = min(from + random.int(30...180), Day(2026, 9, 30))
            if to! < from { from = to! - 30 }
        } else if random.chance(0.05) {
            // Starts later than the contract (a planned campaign).
            from = max(from, Day(2026, 6, 1)) + random.int(30...400)
        }
        return Element(
            elementId: id, type: type, name: random.pick(names), formula: random.chance(0.7) ? "%" : "(%)",
            valueTenths: value, from: from, to: to, active: random.chance(troubled ? 0.7 : 0.95))
    }
}
