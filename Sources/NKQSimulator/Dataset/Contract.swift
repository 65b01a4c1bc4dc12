/// An agreement a supplier sent to a chain office or one of its stores.
struct Contract: Sendable {
    enum Profile: Sendable {
        case ordinary
        /// Many inactive conditions and expired elements (supplier 10006).
        case inactiveAndExpired
    }

    let contractId: Int
    let supplierIndex: Int
    let receiverParticipantNumber: Int
    let created: Timestamp
    let sent: Timestamp
    let approved: Timestamp
    let lastModified: Timestamp
    let from: Day
    let to: Day?
    let textIndex: Int
    let conditionCount: Int
    let profile: Profile

    func isValid(on day: Day) -> Bool {
        from <= day && (to.map { day <= $0 } ?? true)
    }
}

enum ConditionLevel: String, Sendable, CaseIterable {
    case supplier, overGroup, mainGroup, productGroup, module, item
}

/// A discount condition on one node of the supplier's hierarchy.
struct Condition: Sendable {
    struct Quantity: Sendable {
        let from: Int
        let to: Int?
        /// `NOK` compares with the order value, any other unit with the ordered count.
        let unit: String
    }

    let conditionId: Int
    let name: String
    let active: Bool
    let level: ConditionLevel
    let levelValue: String?
    let quantity: Quantity?
    let deliveryType: String?
    let zoneId: Int?
    let packaging: String?
    let elements: [Element]
}

enum ElementType: String, Sendable {
    case purchase, fullCost, retail
}

/// One discount or mark-up line of a condition.
struct Element: Sendable {
    let elementId: Int
    let type: ElementType
    let name: String
    /// `%` (factors multiply) or `(%)` (percentages add); the dataset uses only these two.
    let formula: String
    /// Signed percentage in tenths: -125 is -12.5 %.
    let valueTenths: Int
    let from: Day
    let to: Day?
    let active: Bool

    func applies(on day: Day) -> Bool {
        active && from <= day && (to.map { day <= $0 } ?? true)
    }
}
