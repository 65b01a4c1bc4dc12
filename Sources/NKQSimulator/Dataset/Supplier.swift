/// A supplier (participant 10001–10240) with its slice of the item catalogue.
struct Supplier: Sendable {
    let participantNumber: Int
    let name: String
    let currency: String
    /// Indexes into `SimulatorDataset.items`.
    let items: Range<Int>
    /// The supplier's zone register; empty when it has none.
    let zones: [Zone]

    /// The zone whose postal-code ranges contain `postalCode`.
    func zone(forPostalCode postalCode: Int) -> Zone? {
        zones.first { zone in zone.postalCodes.contains { $0.from <= postalCode && postalCode <= $0.to } }
    }
}

struct Zone: Sendable {
    struct PostalCodeRange: Sendable {
        let from: Int
        let to: Int
    }

    let zoneId: Int
    let name: String
    let postalCodes: [PostalCodeRange]
}
