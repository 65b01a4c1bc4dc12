/// The API's JSON shapes (docs/openapi.yaml); contract fields in the published, alphabetical order.
extension SimulatorDataset {
    func json(_ contract: Contract, onlyActiveConditions: Bool) -> SimJSON {
        let supplier = suppliers[contract.supplierIndex].participantNumber
        var conditions = self.conditions(of: contract)
        if onlyActiveConditions { conditions.removeAll { !$0.active } }
        return .object([
            ("approved", .string(contract.approved.text)),
            ("conditions", .array(conditions.map(json))),
            ("contractId", .int(contract.contractId)),
            ("created", .string(contract.created.text)),
            ("from", .string(contract.from.text)),
            ("lastModified", .string(contract.lastModified.text)),
            ("ownerParticipantNumber", .int(supplier)),
            ("receiverParticipantNumber", .int(contract.receiverParticipantNumber)),
            ("senderParticipantNumber", .int(supplier)),
            ("sent", .string(contract.sent.text)),
            ("text", .string(contractText(contract))),
            ("to", .optional(contract.to.map { .string($0.text) })),
        ])
    }

    func json(_ condition: Condition) -> SimJSON {
        .object([
            ("conditionId", .int(condition.conditionId)),
            ("name", .string(condition.name)),
            ("active", .bool(condition.active)),
            ("level", .string(condition.level.rawValue)),
            ("levelValue", .optional(condition.levelValue.map(SimJSON.string))),
            ("quantity", .optional(condition.quantity.map { quantity in
                .object([
                    ("from", .int(quantity.from)), ("to", .optional(quantity.to.map(SimJSON.int))),
                    ("unit", .string(quantity.unit)),
                ])
            })),
            ("deliveryType", .optional(condition.deliveryType.map(SimJSON.string))),
            ("zoneId", .optional(condition.zoneId.map(SimJSON.int))),
            ("packaging", .optional(condition.packaging.map(SimJSON.string))),
            ("elements", .array(condition.elements.map(json))),
        ])
    }

    func json(_ element: Element) -> SimJSON {
        .object([
            ("elementId", .int(element.elementId)),
            ("type", .string(element.type.rawValue)),
            ("name", .string(element.name)),
            ("formula", .string(element.formula)),
            ("value", .decimal(element.valueTenths, scale: 1)),
            ("from", .string(element.from.text)),
            ("to", .optional(element.to.map { .string($0.text) })),
            ("active", .bool(element.active)),
        ])
    }

    /// One row of GET prices.
    func priceJSON(_ item: Item, _ price: CalculatedPrice) -> SimJSON {
        let supplier = suppliers[item.supplierIndex]
        return .object([
            ("currency", .string(supplier.currency)),
            ("nobbNumber", .int(item.nobbNumber)),
            ("priceUnit", .string(item.priceUnit)),
            ("supplierParticipantNumber", .int(supplier.participantNumber)),
            ("indexPrice", Self.json(price.index)),
            ("fullCostPrice", .optional(price.fullCost.map(Self.json))),
            ("purchasePrice", Self.json(price.purchase)),
            ("retailPrice", .optional(price.retail.map(Self.json))),
        ])
    }

    static func json(_ period: PricePeriod) -> SimJSON {
        .object([
            ("value", .decimal(period.cents, scale: 2)),
            ("from", .string(period.from.text)),
            ("to", .optional(period.to.map { .string($0.text) })),
        ])
    }

    func zoneRegisterJSON(_ supplier: Supplier) -> SimJSON {
        .object([
            ("supplierParticipantNumber", .int(supplier.participantNumber)),
            ("zones", .array(supplier.zones.map { zone in
                .object([
                    ("zoneId", .int(zone.zoneId)),
                    ("name", .string(zone.name)),
                    ("postalCodes", .array(zone.postalCodes.map { range in
                        .object([("from", .string(Self.postalCode(range.from))), ("to", .string(Self.postalCode(range.to)))])
                    })),
                ])
            })),
        ])
    }

    static func postalCode(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
