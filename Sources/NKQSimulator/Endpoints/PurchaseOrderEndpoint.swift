import Foundation
import Hummingbird

/// `POST /nobbkontrakt/v1/purchaseorder`: prices an order per supplier, choosing conditions by
/// delivery type, zone (from the postal code) and quantity; unknown GTINs become product errors.
struct PurchaseOrderEndpoint: Sendable {
    let dataset: SimulatorDataset

    func respond(to request: APIRequest) throws -> SimJSON {
        let data = Data(request.body.readableBytesView)
        let (order, calculationDate, postalCode) = try PurchaseOrder.parse(data, today: request.today)
        let client = request.client
        if let store = order.storeParticipantNo, !client.chainContains(store) {
            var problem = ProblemDetails(.forbidden, "storeParticipantNo \(store) is not a store of the caller's chain.")
            problem.errors.add("storeParticipantNo", "\(store) is not \(client.participantNumber) or one of its stores.")
            throw problem
        }
        let day = calculationDate ?? request.today
        let visible = dataset.contracts(visibleTo: client).filter { contract in
            guard let store = order.storeParticipantNo else { return true }
            return contract.receiverParticipantNumber == client.participantNumber || contract.receiverParticipantNumber == store
        }
        let pricing = dataset.pricingContracts(among: visible, on: day)
        return .array(order.suppliers.map { entry in
            let json = price(entry, order: order, postalCode: postalCode, day: day, pricing: pricing)
            // Version 2 names the supplier.
            let name = dataset.supplier(participantNumber: entry.participantNo)?.name
            return request.version >= 2 ? json.adding("supplierName", .optional(name.map(SimJSON.string))) : json
        })
    }

    private func price(
        _ entry: PurchaseOrder.Supplier, order: PurchaseOrder, postalCode: Int?, day: Day, pricing: [Int: Contract]
    ) -> SimJSON {
        let supplier = dataset.supplier(participantNumber: entry.participantNo)
        let supplierIndex = entry.participantNo - SimulatorDataset.firstSupplier
        let calculator = supplier != nil
            ? pricing[supplierIndex].map { PriceCalculator(dataset: dataset, contract: $0, day: day) } : nil
        let zoneId = postalCode.flatMap { supplier?.zone(forPostalCode: $0)?.zoneId }
        var prices: [SimJSON] = []
        var productErrors: [SimJSON] = []
        func fail(_ gtin: String, _ message: String) {
            productErrors.append(.object([("gtin", .string(gtin)), ("error", .string(message))]))
        }
        for product in entry.products {
            guard let nobbNumber = GTIN.nobbNumber(from: product.gtin), let item = dataset.item(nobbNumber: nobbNumber) else {
                fail(product.gtin, "Unknown GTIN.")
                continue
            }
            guard item.supplierIndex == supplierIndex, let supplier else {
                let owner = dataset.suppliers[item.supplierIndex].participantNumber
                fail(product.gtin, "The item belongs to supplier \(owner), not \(entry.participantNo).")
                continue
            }
            let context = OrderContext(
                deliveryType: order.deliveryType, zoneId: zoneId, count: product.count, orderValue: entry.orderValue)
            guard let calculator, let price = calculator.price(for: item, context: context) else {
                fail(product.gtin, "No valid contract with supplier \(entry.participantNo) on \(day.text).")
                continue
            }
            prices.append(.object([
                ("nobbNo", .int(item.nobbNumber)),
                ("productName", .string(dataset.itemName(item))),
                ("gtin", .string(product.gtin)),
                ("unit", .string(item.priceUnit)),
                ("currency", .string(supplier.currency)),
                ("nobbPrice", .decimal(price.index.cents, scale: 2)),
                ("purchasePrice", .decimal(price.purchase.cents, scale: 2)),
                ("fullCostPrice", .optional(price.fullCost.map { .decimal($0.cents, scale: 2) })),
                ("retailPrice", .optional(price.retail.map { .decimal($0.cents, scale: 2) })),
                ("from", .string(price.purchase.from.text)),
                ("to", .optional(price.purchase.to.map { .string($0.text) })),
            ]))
        }
        return .object([
            ("participantNo", .int(entry.participantNo)),
            ("prices", .array(prices)),
            ("productErrors", .array(productErrors)),
        ])
    }
}
