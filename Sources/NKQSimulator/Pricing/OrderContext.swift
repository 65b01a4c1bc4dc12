/// What an order says about itself; conditions with context fields apply only when these match.
struct OrderContext: Sendable {
    var deliveryType: String?
    var zoneId: Int?
    var count: Int?
    var orderValue: Double?

    /// GET prices has no order, so only conditions without context fields apply there.
    static let none = OrderContext()

    /// nil when `condition` does not apply; otherwise the number of context fields it matched,
    /// so that the most specific alternative on a node wins.
    func specificity(of condition: Condition) -> Int? {
        guard condition.active, condition.packaging == nil else { return nil }
        var matched = 0
        if let wanted = condition.deliveryType {
            guard let deliveryType, deliveryType.lowercased() == wanted.lowercased() else { return nil }
            matched += 1
        }
        if let wanted = condition.zoneId {
            guard zoneId == wanted else { return nil }
            matched += 1
        }
        if let quantity = condition.quantity {
            let amount: Double? = quantity.unit == "NOK" ? orderValue : count.map(Double.init)
            guard let amount, Double(quantity.from) <= amount, quantity.to.map({ amount <= Double($0) }) ?? true
            else { return nil }
            matched += 1
        }
        return matched
    }
}
