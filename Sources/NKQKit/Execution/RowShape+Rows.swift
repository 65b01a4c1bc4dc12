extension RowShape {
    /// The rows of one response body, which the API always sends as a JSON array.
    /// Throws a reason (for `ExecutionError.invalidResponse`) when the body is not one.
    func rows(from elements: [JSONValue]) throws(RowShapeError) -> [JSONValue] {
        switch self {
        case .elements:
            return elements
        case .conditionsOfContracts:
            var rows: [JSONValue] = []
            for contract in elements { rows += try Self.conditionRows(of: contract) }
            return rows
        case .orderPriceLines:
            var rows: [JSONValue] = []
            for entry in elements { rows += try Self.orderLines(of: entry) }
            return rows
        }
    }

    private static func conditionRows(of contract: JSONValue) throws(RowShapeError) -> [JSONValue] {
        guard case .object(let object) = contract else { throw RowShapeError("a contract is not an object") }
        let conditions = object["conditions"] ?? .null
        if conditions.isNull { return [] }
        guard case .array(let list) = conditions else { throw RowShapeError("a contract's conditions are not an array") }
        let head: [(String, JSONValue)] = [
            ("contractId", object["contractId"] ?? .null),
            ("supplier", object["ownerParticipantNumber"] ?? .null),
        ]
        var rows: [JSONValue] = []
        for condition in list {
            guard case .object(let fields) = condition else { throw RowShapeError("a condition is not an object") }
            var row = JSONObject(head)
            for (key, value) in fields where key != "contractId" && key != "supplier" {
                row.appendUnchecked(key, value)
            }
            rows.append(.object(row))
        }
        return rows
    }

    /// Price fields of a purchase-order line, set to null on error rows so every row has the
    /// same columns.
    static let orderPriceFields = ["nobbNo", "productName", "gtin", "unit", "currency", "nobbPrice",
                                   "purchasePrice", "fullCostPrice", "retailPrice", "from", "to"]

    private static func orderLines(of entry: JSONValue) throws(RowShapeError) -> [JSONValue] {
        guard case .object(let object) = entry else { throw RowShapeError("a supplier entry is not an object") }
        let participant = object["participantNo"] ?? .null
        var rows: [JSONValue] = []
        for price in object["prices"]?.arrayValue ?? [] {
            guard case .object(let fields) = price else { throw RowShapeError("a price is not an object") }
            var row = JSONObject([("participantNo", participant)])
            for (key, value) in fields where key != "participantNo" { row.appendUnchecked(key, value) }
            if row["error"] == nil { row.appendUnchecked("error", .null) }
            rows.append(.object(row))
        }
        for failure in object["productErrors"]?.arrayValue ?? [] {
            guard case .object(let fields) = failure else { throw RowShapeError("a product error is not an object") }
            var row = JSONObject([("participantNo", participant)])
            for key in orderPriceFields { row.appendUnchecked(key, fields[key] ?? .null) }
            row.appendUnchecked("error", fields["error"] ?? .string("unknown error"))
            for (key, value) in fields where row[key] == nil { row.appendUnchecked(key, value) }
            rows.append(.object(row))
        }
        return rows
    }
}

/// Why a response body does not have the shape its resource promises.
struct RowShapeError: Error, Sendable, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
