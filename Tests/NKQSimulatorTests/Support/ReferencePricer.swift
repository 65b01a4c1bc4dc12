import Foundation

/// An independent reading of docs/simulator.md's price rules, working only on contract JSON as
/// the API returns it (plus the item's place in the hierarchy), to check the simulator's prices.
struct ReferencePricer {
    struct Context {
        var deliveryType: String?
        var zoneId: Int?
        var count: Int?
        var orderValue: Double?
    }

    struct Expected {
        let purchase: Double
        let fullCostFactor: Double?
        let retailFactor: Double?
        let usedContextCondition: Bool
    }

    let day: String

    /// The contract that prices a supplier's items: valid on the day, latest `from`, then highest id.
    func pricingContract(_ contracts: [[String: Any]]) -> [String: Any]? {
        contracts
            .filter { contract in
                let from = contract["from"] as? String ?? "9999"
                let to = contract["to"] as? String
                return from <= day && (to.map { day <= $0 } ?? true)
            }
            .max { lhs, rhs in
                let l = (lhs["from"] as? String ?? "", lhs["contractId"] as? Int ?? 0)
                let r = (rhs["from"] as? String ?? "", rhs["contractId"] as? Int ?? 0)
                return l < r
            }
    }

    func expected(
        index: Double, nodes: [(String, String?)], contract: [String: Any], context: Context = Context()
    ) -> Expected {
        let conditions = contract["conditions"] as? [[String: Any]] ?? []
        var chosen: [String: Any]? = nil
        var chosenScore = -1
        for (level, value) in nodes {
            for condition in conditions
            where condition["level"] as? String == level && condition["levelValue"] as? String == value {
                guard let score = score(condition, context) else { continue }
                let id = condition["conditionId"] as? Int ?? 0
                if score > chosenScore || (score == chosenScore && id < (chosen?["conditionId"] as? Int ?? 0)) {
                    chosen = condition
                    chosenScore = score
                }
            }
            if chosen != nil { break }
        }
        let elements = (chosen?["elements"] as? [[String: Any]] ?? []).filter { element in
            guard element["active"] as? Bool == true, let from = element["from"] as? String, from <= day else { return false }
            return (element["to"] as? String).map { day <= $0 } ?? true
        }
        func factor(_ type: String) -> Double? {
            let ofType = elements.filter { $0["type"] as? String == type }
            guard !ofType.isEmpty else { return nil }
            let product = ofType.filter { $0["formula"] as? String == "%" }
                .reduce(1.0) { $0 * (1 + (number($1["value"]) ?? 0) / 100) }
            let sum = ofType.filter { $0["formula"] as? String == "(%)" }.reduce(0.0) { $0 + (number($1["value"]) ?? 0) / 100 }
            return product * (1 + sum)
        }
        func round2(_ value: Double) -> Double { (value * 100).rounded(.toNearestOrAwayFromZero) / 100 }
        let purchase = round2(index * (factor("purchase") ?? 1))
        return Expected(
            purchase: purchase,
            fullCostFactor: factor("fullCost"),
            retailFactor: factor("retail"),
            usedContextCondition: chosenScore > 0)
    }

    /// nil when the condition does not apply; otherwise the number of matched context fields.
    private func score(_ condition: [String: Any], _ context: Context) -> Int? {
        guard condition["active"] as? Bool == true, condition["packaging"] is NSNull || condition["packaging"] == nil else { return nil }
        var score = 0
        if let wanted = condition["deliveryType"] as? String {
            guard context.deliveryType?.lowercased() == wanted.lowercased() else { return nil }
            score += 1
        }
        if let wanted = condition["zoneId"] as? Int {
            guard context.zoneId == wanted else { return nil }
            score += 1
        }
        if let quantity = condition["quantity"] as? [String: Any] {
            let amount = quantity["unit"] as? String == "NOK" ? context.orderValue : context.count.map(Double.init)
            guard let amount, let from = number(quantity["from"]), from <= amount,
                number(quantity["to"]).map({ amount <= $0 }) ?? true
            else { return nil }
            score += 1
        }
        return score
    }
}
