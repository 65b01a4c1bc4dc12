/// An item in the NOBB catalogue: its place in the supplier's hierarchy and its index prices.
struct Item: Sendable {
    /// When the scheduled index-price changes of the dataset take effect.
    static let nextPriceDay = Day(2027, 1, 1)

    let nobbNumber: Int
    let supplierIndex: Int
    /// 7 digits; the main group is its first 4 digits and the over group its first 2.
    let productGroup: Int
    /// 8-digit module number.
    let module: Int
    let priceUnit: String
    let nameIndex: Int
    let indexPriceCents: Int
    let indexFrom: Day
    /// A scheduled new index price from `nextPriceDay`, when there is one.
    let nextPriceCents: Int?

    var mainGroup: Int { productGroup / 1000 }
    var overGroup: Int { productGroup / 100_000 }
    var gtin: String { GTIN.make(nobbNumber: nobbNumber) }

    /// The index price valid on `day`, or nil before the item was priced.
    func indexPrice(on day: Day) -> PricePeriod? {
        if let nextPriceCents, day >= Self.nextPriceDay {
            return PricePeriod(cents: nextPriceCents, from: Self.nextPriceDay, to: nil)
        }
        guard day >= indexFrom else { return nil }
        return PricePeriod(cents: indexPriceCents, from: indexFrom, to: nextPriceCents == nil ? nil : Self.nextPriceDay - 1)
    }
}

/// A price value with the days it applies to.
struct PricePeriod: Sendable {
    let cents: Int
    let from: Day
    let to: Day?
}
