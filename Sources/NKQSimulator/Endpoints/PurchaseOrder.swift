import Foundation

/// The body of `POST /nobbkontrakt/v1/purchaseorder` (field names as published).
struct PurchaseOrder: Decodable, Sendable {
    struct Supplier: Decodable, Sendable {
        let participantNo: Int
        let orderValue: Double?
        let currency: String?
        let products: [Product]
    }

    struct Product: Decodable, Sendable {
        let gtin: String
        let count: Int
    }

    static let maximumSuppliers = 10
    static let maximumProducts = 100

    let storeParticipantNo: Int?
    let deliveryPostalCode: String?
    let deliveryType: String?
    let calculationDate: String?
    let suppliers: [Supplier]

    /// Decodes and checks the body; problems name the field by its path, e.g. `suppliers[0].products[2].count`.
    static func parse(_ data: Data, today: Day) throws -> (order: PurchaseOrder, calculationDate: Day?, postalCode: Int?) {
        var errors = ValidationErrors()
        let order: PurchaseOrder
        do {
            order = try JSONDecoder().decode(PurchaseOrder.self, from: data)
        } catch let error as DecodingError {
            let (name, message) = describe(error)
            errors.add(name, message)
            throw ProblemDetails.validation(errors)
        } catch {
            errors.add("body", "The request body is not valid JSON.")
            throw ProblemDetails.validation(errors)
        }
        if order.suppliers.isEmpty {
            errors.add("suppliers", "At least one supplier is required.")
        } else if order.suppliers.count > maximumSuppliers {
            errors.add("suppliers", "At most \(maximumSuppliers) suppliers may be given; got \(order.suppliers.count).")
        }
        for (supplierIndex, supplier) in order.suppliers.enumerated() {
            let path = "suppliers[\(supplierIndex)].products"
            if supplier.products.isEmpty {
                errors.add(path, "At least one product is required.")
            } else if supplier.products.count > maximumProducts {
                errors.add(path, "At most \(maximumProducts) products may be given; got \(supplier.products.count).")
            }
            for (productIndex, product) in supplier.products.enumerated() where product.count < 1 {
                errors.add("\(path)[\(productIndex)].count", "The field count must be at least 1; got \(product.count).")
            }
        }
        var postalCode: Int? = nil
        if let text = order.deliveryPostalCode {
            if text.utf8.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                postalCode = Int(text)
            } else {
                errors.add("deliveryPostalCode", "'\(text)' is not a postal code; use four digits, e.g. 0150.")
            }
        }
        var calculationDate: Day? = nil
        if let text = order.calculationDate {
            if let day = Day(parsing: Substring(text)) {
                if day < today {
                    errors.add("calculationDate", "calculationDate \(day.text) is in the past; the server date is \(today.text).")
                }
                calculationDate = day
            } else {
                errors.add("calculationDate", "The value '\(text)' is not a valid date for calculationDate; use yyyy-MM-dd.")
            }
        }
        guard errors.isEmpty else { throw ProblemDetails.validation(errors) }
        return (order, calculationDate, postalCode)
    }

    private static func describe(_ error: DecodingError) -> (String, String) {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            var text = ""
            for key in codingPath + (last.map { [$0] } ?? []) {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let name = path(context.codingPath, key)
            return (name, "The \(name) field is required.")
        case .valueNotFound(let type, let context):
            let name = path(context.codingPath)
            return (name, "The \(name) field must be a \(typeName(type)), not null.")
        case .typeMismatch(let type, let context):
            let name = path(context.codingPath)
            return (name, "The \(name) field must be a \(typeName(type)).")
        case .dataCorrupted(let context):
            let name = path(context.codingPath)
            return (name, name == "body" ? "The request body is not valid JSON." : "The value of \(name) is not valid.")
        @unknown default:
            return ("body", "The request body is not valid.")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "integer"
        case is Double.Type: "number"
        case is String.Type: "string"
        case is Array<Any>.Type, is [Supplier].Type, is [Product].Type: "array"
        default: "JSON object"
        }
    }
}
