/// The resources nkq can query, as the NOBB Kontrakt API describes them (docs/openapi.yaml).
public enum Schema {
    public static let resources: [ResourceSchema] = [contracts, conditions, prices, zones, orderprices]

    public static func resource(named name: String) -> ResourceSchema? {
        resources.first { $0.name == name.lowercased() }
    }

    // MARK: Shared shapes

    static let priceDetail: [FieldSchema] = [
        FieldSchema("value", .decimal, "Price in the row's currency."),
        FieldSchema("from", .date, "First day this value applies."),
        FieldSchema("to", .date, nullable: true, "Last day this value applies."),
    ]

    static let quantity: [FieldSchema] = [
        FieldSchema("from", .decimal, nullable: true, "Smallest quantity the condition applies to."),
        FieldSchema("to", .decimal, nullable: true, "Largest quantity the condition applies to."),
        FieldSchema("unit", .string, nullable: true, "Unit of the quantity (STK, KG, M3, …)."),
    ]

    static let element: [FieldSchema] = [
        FieldSchema("elementId", .integer, "Discount element id."),
        FieldSchema("type", .enumeration(["purchase", "fullCost", "retail"]), "Purchase (innkjøp), full cost (selvkost) or retail (utsalg)."),
        FieldSchema("name", .string, "Element name."),
        FieldSchema("formula", .enumeration(["%", "(%)", "NT", "KR", "DG", "DBK", "BF", "VP", "UTN"]),
                    "Calculation rule: % multiplies, (%) adds up."),
        FieldSchema("value", .decimal, "Signed value; discounts are negative."),
        FieldSchema("from", .date, "First day the element applies."),
        FieldSchema("to", .date, nullable: true, "Last day the element applies."),
        FieldSchema("active", .bool, "Whether the element is active."),
    ]

    static let conditionLevels = ["supplier", "overGroup", "mainGroup", "productGroup", "module", "item"]

    static let conditionFields: [FieldSchema] = [
        FieldSchema("conditionId", .integer, "Condition id."),
        FieldSchema("name", .string, "Condition name."),
        FieldSchema("active", .bool, "Whether the condition is the active one on its node."),
        FieldSchema("level", .enumeration(conditionLevels), "Hierarchy level the condition is placed on."),
        FieldSchema("levelValue", .string, nullable: true, "Group, module or NOBB number of the level (digits); null at supplier level."),
        FieldSchema("quantity", .object(quantity), nullable: true, "Quantity range the condition applies to."),
        FieldSchema("deliveryType", .string, nullable: true, "Delivery type the condition applies to (Lager, Byggeplass, …)."),
        FieldSchema("zoneId", .integer, nullable: true, "Zone of the supplier's zone register the condition applies to."),
        FieldSchema("packaging", .string, nullable: true, "Package the condition applies to."),
        FieldSchema("elements", .array(.object(element)), "Discount elements."),
    ]

    // MARK: Resources

    public static let contracts = ResourceSchema(
        name: "contracts",
        summary: "The caller's price agreements with suppliers, with their conditions.",
        fields: [
            FieldSchema("approved", .timestamp, nullable: true, "When the agreement was approved."),
            FieldSchema("conditions", .array(.object(conditionFields)), "Conditions on every level of the agreement."),
            FieldSchema("contractId", .integer, "Agreement id."),
            FieldSchema("created", .timestamp, "When the agreement was created."),
            FieldSchema("from", .date, "First day the agreement is valid."),
            FieldSchema("lastModified", .timestamp, "Last modification."),
            FieldSchema("ownerParticipantNumber", .integer, "Owner of the agreement (the supplier)."),
            FieldSchema("receiverParticipantNumber", .integer, "Receiver of the agreement."),
            FieldSchema("senderParticipantNumber", .integer, "Sender of the agreement."),
            FieldSchema("sent", .timestamp, nullable: true, "When the agreement was sent."),
            FieldSchema("text", .string, "Agreement name."),
            FieldSchema("to", .date, nullable: true, "Last day the agreement is valid."),
        ],
        aliases: ["supplier": "ownerParticipantNumber"]
    )

    public static let conditions = ResourceSchema(
        name: "conditions",
        summary: "One row per condition of the caller's contracts, with its contract's id and supplier.",
        fields: [
            FieldSchema("contractId", .integer, "The contract the condition belongs to."),
            FieldSchema("supplier", .integer, "The contract's supplier (owner participant number)."),
        ] + conditionFields
    )

    public static let prices = ResourceSchema(
        name: "prices",
        summary: "Calculated prices per NOBB number from the caller's agreements.",
        fields: [
            FieldSchema("currency", .string, "ISO 4217 currency code."),
            FieldSchema("nobbNumber", .integer, "The item's NOBB number."),
            FieldSchema("priceUnit", .string, "The item's price unit (STK, PAK, M2, …)."),
            FieldSchema("supplierParticipantNumber", .integer, "The supplier."),
            FieldSchema("indexPrice", .object(priceDetail), "NOBB index (gross list) price."),
            FieldSchema("fullCostPrice", .object(priceDetail), nullable: true, "Full-cost price (selvkost)."),
            FieldSchema("purchasePrice", .object(priceDetail), "Purchase price after the agreement's discounts."),
            FieldSchema("retailPrice", .object(priceDetail), nullable: true, "Retail price (utsalg)."),
            FieldSchema("calculationDate", .date, inputOnly: true, "Date to calculate prices for (today or later)."),
            FieldSchema("changedAfterDate", .date, inputOnly: true, "Only prices whose calculation changed after this date."),
        ],
        aliases: ["supplier": "supplierParticipantNumber", "nobb": "nobbNumber"]
    )

    public static let zones = ResourceSchema(
        name: "zones",
        summary: "Suppliers' zone registers: postal-code areas that conditions refer to.",
        fields: [
            FieldSchema("supplierParticipantNumber", .integer, "The supplier."),
            FieldSchema("zones", .array(.object([
                FieldSchema("zoneId", .integer, "Zone id, as conditions' zoneId."),
                FieldSchema("name", .string, "Zone name."),
                FieldSchema("postalCodes", .array(.object([
                    FieldSchema("from", .string, "First postal code (4 digits)."),
                    FieldSchema("to", .string, "Last postal code (4 digits)."),
                ])), "Postal-code ranges of the zone."),
            ])), "The supplier's zones."),
        ],
        aliases: ["supplier": "supplierParticipantNumber"]
    )

    public static let orderprices = ResourceSchema(
        name: "orderprices",
        summary: "Order-based price calculation (purchase order): prices per GTIN for a delivery.",
        fields: [
            FieldSchema("participantNo", .integer, "The supplier."),
            FieldSchema("nobbNo", .integer, nullable: true, "NOBB number."),
            FieldSchema("productName", .string, nullable: true, "Item name."),
            FieldSchema("gtin", .string, "GTIN of the ordered item."),
            FieldSchema("unit", .string, nullable: true, "Price unit."),
            FieldSchema("currency", .string, nullable: true, "Currency."),
            FieldSchema("nobbPrice", .decimal, nullable: true, "NOBB index price."),
            FieldSchema("purchasePrice", .decimal, nullable: true, "Purchase price."),
            FieldSchema("fullCostPrice", .decimal, nullable: true, "Full-cost price."),
            FieldSchema("retailPrice", .decimal, nullable: true, "Retail price."),
            FieldSchema("from", .date, nullable: true, "Price valid from."),
            FieldSchema("to", .date, nullable: true, "Price valid to."),
            FieldSchema("error", .string, nullable: true, "Why no price could be computed for this GTIN (product error)."),
            FieldSchema("deliveryPostalCode", .string, inputOnly: true, "Postal code of the delivery (chooses the zone)."),
            FieldSchema("deliveryType", .string, inputOnly: true, "Delivery type (Lager, Byggeplass, Distribusjonslager)."),
            FieldSchema("quantity", .integer, inputOnly: true, "Units ordered of each GTIN (default 1)."),
            FieldSchema("orderValue", .decimal, inputOnly: true, "Order value per supplier."),
            FieldSchema("calculationDate", .date, inputOnly: true, "Date to calculate for."),
            FieldSchema("storeParticipantNo", .integer, inputOnly: true, "Member store to calculate for."),
        ],
        aliases: ["supplier": "participantNo", "nobb": "nobbNo"]
    )
}
