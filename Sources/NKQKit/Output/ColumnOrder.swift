/// The order of a result's columns when no select list gives one. The API's field order carries
/// no meaning (contracts come alphabetical), so nkq shows what identifies a row first
/// (`contractId`, then `text`, …), then the rest of the resource's fields, then fields it does
/// not know in the order first seen.
enum ColumnOrder {
    /// Each known resource's fields in display order.
    static let resources: [[String]] = [
        // contracts
        ["contractId", "text", "ownerParticipantNumber", "from", "to", "approved", "sent", "created", "lastModified",
         "senderParticipantNumber", "receiverParticipantNumber", "conditions"],
        // conditions
        ["contractId", "supplier", "conditionId", "name", "active", "level", "levelValue", "quantity", "deliveryType",
         "zoneId", "packaging", "elements"],
        // prices
        ["nobbNumber", "supplierParticipantNumber", "priceUnit", "currency", "indexPrice", "purchasePrice",
         "fullCostPrice", "retailPrice"],
        // zones
        ["supplierParticipantNumber", "zones"],
        // orderprices
        ["gtin", "nobbNo", "productName", "participantNo", "unit", "currency", "nobbPrice", "purchasePrice",
         "fullCostPrice", "retailPrice", "from", "to", "error"],
    ]

    /// `names` in display order: a select list (`fixed`) keeps its own; otherwise the resource
    /// whose fields are most of the names orders them, and unknown names follow as seen.
    static func arrange(_ names: [String], fixed: Bool) -> [String] {
        guard !fixed, names.count > 1 else { return names }
        let present = Set(names)
        var best: [String] = []
        var bestCount = names.count / 2  // the resource's fields must be most of the names
        for order in resources {
            let count = order.filter(present.contains).count
            if count > bestCount {
                best = order
                bestCount = count
            }
        }
        guard !best.isEmpty else { return names }
        let known = best.filter(present.contains)
        let knownSet = Set(known)
        return known + names.filter { !knownSet.contains($0) }
    }
}
