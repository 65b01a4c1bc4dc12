import Foundation
import Testing
@testable import NKQSimulator

@Suite struct ZonesAndPurchaseOrderTests {
    static let dataset = PricesTests.dataset

    @Test func zoneRegistersCoverThePostalCodes() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let registers = try await sim.get("/nobbkontrakt/v1/zones?suppliers=10017,10012,10001", token: token).objects()
            #expect(registers.compactMap { $0["supplierParticipantNumber"] as? Int } == [10012, 10017])
            for register in registers {
                let zones = try #require(register["zones"] as? [[String: Any]])
                #expect(zones.count >= 3)
                var covered: [(Int, Int)] = []
                for zone in zones {
                    #expect(zone["zoneId"] as? Int != nil && zone["name"] as? String != nil)
                    for range in zone["postalCodes"] as? [[String: Any]] ?? [] {
                        let from = try #require(range["from"] as? String), to = try #require(range["to"] as? String)
                        #expect(from.count == 4 && to.count == 4)
                        covered.append((Int(from)!, Int(to)!))
                    }
                }
                covered.sort { $0.0 < $1.0 }
                #expect(covered.first?.0 == 1 && covered.last?.1 == 9999)
                for (lhs, rhs) in zip(covered, covered.dropFirst()) { #expect(lhs.1 + 1 == rhs.0) }
            }
            let all = try await sim.get("/nobbkontrakt/v1/zones", token: token).objects()
            #expect(all.count >= 70)
        }
    }

    @Test func purchaseOrderPricesWithContextAndReportsProductErrors() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let pricer = ReferencePricer(day: osloToday())
            var usedContext = 0
            for supplierNumber in [10012, 10017, 10010] {
                // Order context taken from the pricing contract's alternatives, so that they get exercised.
                let contract = try #require(pricer.pricingContract(try await sim.allContracts(supplier: supplierNumber, token: token)))
                let conditions = (contract["conditions"] as? [[String: Any]] ?? []).filter { $0["active"] as? Bool == true }
                let deliveryType = conditions.compactMap { $0["deliveryType"] as? String }.first ?? "Lager"
                let wantedZone = conditions.compactMap { $0["zoneId"] as? Int }.first ?? 1
                let registers = try await sim.get("/nobbkontrakt/v1/zones?suppliers=\(supplierNumber)", token: token).objects()
                let zone = (registers.first?["zones"] as? [[String: Any]])?.first { $0["zoneId"] as? Int == wantedZone }
                let postalCode = ((zone?["postalCodes"] as? [[String: Any]])?.first?["from"] as? String) ?? "0150"
                let zoneId = zone?["zoneId"] as? Int
                let count = 100

                let supplier = try #require(Self.dataset.supplier(participantNumber: supplierNumber))
                let items = Self.dataset.items[supplier.items]
                let foreign = GTIN.make(nobbNumber: Self.dataset.items[Self.dataset.supplier(participantNumber: 10013)!.items.lowerBound].nobbNumber)
                let products = items.map { #"{"gtin":"\#($0.gtin)","count":\#(count)}"# }
                    + [#"{"gtin":"7041999999996","count":1}"#, #"{"gtin":"\#(foreign)","count":1}"#, #"{"gtin":"abc","count":1}"#]
                let body = #"{"deliveryPostalCode":"\#(postalCode)","deliveryType":"\#(deliveryType.uppercased())","suppliers":[{"participantNo":\#(supplierNumber),"orderValue":60000,"currency":"NOK","products":[\#(products.joined(separator: ","))]}]}"#
                let reply = try await sim.post("/nobbkontrakt/v1/purchaseorder", token: token, json: body)
                #expect(reply.status == 200)
                let entry = try #require(try reply.objects().first)
                #expect(entry["participantNo"] as? Int == supplierNumber)
                let errors = try #require(entry["productErrors"] as? [[String: Any]])
                #expect(errors.compactMap { $0["gtin"] as? String } == ["7041999999996", foreign, "abc"])
                #expect(errors.allSatisfy { ($0["error"] as? String)?.isEmpty == false })
                let prices = try #require(entry["prices"] as? [[String: Any]])
                #expect(prices.count == items.count)
                let context = ReferencePricer.Context(deliveryType: deliveryType, zoneId: zoneId, count: count, orderValue: 60000)
                for price in prices {
                    let nobbNumber = try #require(price["nobbNo"] as? Int)
                    let index = try #require(number(price["nobbPrice"]))
                    let expected = pricer.expected(index: index, nodes: try PricesTests.nodes(nobbNumber), contract: contract, context: context)
                    let purchase = try #require(number(price["purchasePrice"]))
                    #expect(abs(purchase - expected.purchase) <= 0.011, "\(nobbNumber): \(purchase) vs \(expected.purchase)")
                    #expect(price["gtin"] as? String == GTIN.make(nobbNumber: nobbNumber))
                    #expect((price["productName"] as? String)?.isEmpty == false)
                    if expected.usedContextCondition { usedContext += 1 }
                }
            }
            #expect(usedContext > 0)
        }
    }

    @Test func supplierWithoutContractGivesProductErrors() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let gtin = GTIN.make(nobbNumber: SimulatorDataset.firstNobbNumber)
            let reply = try await sim.post(
                "/nobbkontrakt/v1/purchaseorder", token: token,
                json: #"{"suppliers":[{"participantNo":10001,"products":[{"gtin":"\#(gtin)","count":1}]}]}"#)
            #expect(reply.status == 200)
            let entry = try #require(try reply.objects().first)
            #expect((entry["prices"] as? [Any])?.isEmpty == true)
            #expect((entry["productErrors"] as? [[String: Any]])?.first?["gtin"] as? String == gtin)
        }
    }
}
