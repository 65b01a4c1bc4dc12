import Foundation
import Testing
@testable import NKQSimulator

@Suite struct PricesTests {
    /// Item master data (hierarchy) is NOBB data outside this API, so the test takes it from the dataset.
    static let dataset = SimulatorDataset(seed: 1)

    static func nodes(_ nobbNumber: Int) throws -> [(String, String?)] {
        let item = try #require(dataset.item(nobbNumber: nobbNumber))
        return [
            ("item", String(nobbNumber)), ("module", String(item.module)), ("productGroup", String(item.productGroup)),
            ("mainGroup", String(item.productGroup / 1000)), ("overGroup", String(item.productGroup / 100_000)),
            ("supplier", nil),
        ]
    }

    @Test func pricesAgreeWithTheContractsTheCallerCanRead() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let suppliers = [10002, 10005, 10006, 10012, 10017, 10033, 10100, 10150, 10239, 10240]
            let rows = try await sim.get("/nobbkontrakt/v1/prices?suppliers=\(suppliers.map(String.init).joined(separator: ","))", token: token).objects()
            let pricer = ReferencePricer(day: osloToday())
            var checked = 0
            var discounted = 0
            var withRetail = 0
            for supplier in suppliers {
                let contract = try #require(pricer.pricingContract(try await sim.allContracts(supplier: supplier, token: token)))
                let supplierRows = rows.filter { $0["supplierParticipantNumber"] as? Int == supplier }
                #expect(supplierRows.count == Self.dataset.supplier(participantNumber: supplier)?.items.count)
                for row in supplierRows {
                    let nobbNumber = try #require(row["nobbNumber"] as? Int)
                    let index = try #require(number((row["indexPrice"] as? [String: Any])?["value"]))
                    let expected = pricer.expected(index: index, nodes: try Self.nodes(nobbNumber), contract: contract)
                    let purchase = try #require(number((row["purchasePrice"] as? [String: Any])?["value"]))
                    #expect(abs(purchase - expected.purchase) <= 0.011, "\(nobbNumber): \(purchase) vs \(expected.purchase)")
                    let fullCost = number((row["fullCostPrice"] as? [String: Any])?["value"])
                    let retail = number((row["retailPrice"] as? [String: Any])?["value"])
                    #expect((fullCost == nil) == (expected.fullCostFactor == nil))
                    #expect((retail == nil) == (expected.retailFactor == nil))
                    // Mark-ups apply to the purchase price as served, so compare against that.
                    if let fullCost, let factor = expected.fullCostFactor { #expect(abs(fullCost - purchase * factor) <= 0.006) }
                    if let retail, let factor = expected.retailFactor { #expect(abs(retail - purchase * factor) <= 0.006) }
                    checked += 1
                    if purchase < index { discounted += 1 }
                    if retail != nil { withRetail += 1 }
                }
            }
            #expect(checked > 500)
            #expect(discounted > checked / 3)
            #expect(withRetail > 0)
        }
    }

    @Test func priceRowShape() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let nobbNumber = Self.dataset.items[Self.dataset.supplier(participantNumber: 10012)!.items.lowerBound].nobbNumber
            let row = try #require(try await sim.get("/nobbkontrakt/v1/prices?nobbNumbers=\(nobbNumber)", token: token).objects().first)
            #expect(Set(row.keys) == [
                "currency", "nobbNumber", "priceUnit", "supplierParticipantNumber", "indexPrice", "fullCostPrice",
                "purchasePrice", "retailPrice",
            ])
            let detail = try #require(row["indexPrice"] as? [String: Any])
            #expect(Set(detail.keys) == ["value", "from", "to"])
        }
    }

    @Test func suppliersAndNobbNumbersMustBothMatch() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let supplier = try #require(Self.dataset.supplier(participantNumber: 10012))
            let own = Self.dataset.items[supplier.items.lowerBound].nobbNumber
            let foreign = Self.dataset.items[Self.dataset.supplier(participantNumber: 10013)!.items.lowerBound].nobbNumber
            let both = try await sim.get("/nobbkontrakt/v1/prices?suppliers=10012&nobbNumbers=\(own),\(foreign)", token: token).objects()
            #expect(both.compactMap { $0["nobbNumber"] as? Int } == [own])
            let numbersOnly = try await sim.get("/nobbkontrakt/v1/prices?nobbNumbers=\(own),\(foreign)", token: token).objects()
            #expect(Set(numbersOnly.compactMap { $0["nobbNumber"] as? Int }) == [own, foreign])
            // No contract with 10001: no rows.
            #expect(try await sim.get("/nobbkontrakt/v1/prices?suppliers=10001", token: token).text == "[]")
        }
    }

    @Test func dateFilteredPricesArePagedOverContracts() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let day = osloToday()
            let unpaged = try await sim.get("/nobbkontrakt/v1/prices?suppliers=10002,10012,10017", token: token).objects()
            var paged: [[String: Any]] = []
            var pages = 0
            for page in 1...10 {
                let rows = try await sim.get(
                    "/nobbkontrakt/v1/prices?suppliers=10002,10012,10017&calculationDate=\(day)&contractsPerPage=1&contractPage=\(page)",
                    token: token
                ).objects()
                if rows.isEmpty { break }
                pages += 1
                #expect(Set(rows.compactMap { $0["supplierParticipantNumber"] as? Int }).count == 1)
                paged += rows
            }
            #expect(pages == 3)
            func keys(_ rows: [[String: Any]]) -> [String] {
                rows.map { "\($0["supplierParticipantNumber"] ?? 0)/\($0["nobbNumber"] ?? 0)" }
            }
            #expect(keys(paged) == keys(unpaged))
            #expect(Set(keys(paged)).count == paged.count)
            // Without a supplier filter, the pages cover every supplier with a contract, one row per item.
            let wide = try await sim.get(
                "/nobbkontrakt/v1/prices?calculationDate=\(day)&contractsPerPage=10&contractPage=1", token: token
            ).objects()
            #expect(Set(wide.compactMap { $0["supplierParticipantNumber"] as? Int }).count == 10)
            let last = try await sim.get(
                "/nobbkontrakt/v1/prices?calculationDate=\(day)&contractsPerPage=10&contractPage=24", token: token
            ).objects()
            #expect(Set(last.compactMap { $0["supplierParticipantNumber"] as? Int }).count == 9)
            #expect(try await sim.get(
                "/nobbkontrakt/v1/prices?calculationDate=\(day)&contractsPerPage=10&contractPage=25", token: token
            ).text == "[]")
        }
    }

    @Test func changedAfterDateKeepsOnlyChangedRows() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let cutoff = "2026-09-30"
            var rows: [[String: Any]] = []
            for page in 1...40 {
                let batch = try await sim.get(
                    "/nobbkontrakt/v1/prices?changedAfterDate=\(cutoff)&contractsPerPage=10&contractPage=\(page)", token: token
                ).objects()
                if batch.isEmpty { break }
                rows += batch
            }
            #expect(!rows.isEmpty)
            let suppliers = Set(rows.compactMap { $0["supplierParticipantNumber"] as? Int })
            #expect(rows.count < Self.dataset.items.count * 3 / 4)
            // Each kept row either comes from a contract modified after the cutoff or has a newer index price.
            let pricer = ReferencePricer(day: osloToday())
            for supplier in suppliers.sorted().prefix(3) {
                let contract = try #require(pricer.pricingContract(try await sim.allContracts(supplier: supplier, token: token)))
                let modified = String((contract["lastModified"] as? String ?? "").prefix(10))
                for row in rows where row["supplierParticipantNumber"] as? Int == supplier {
                    let indexFrom = (row["indexPrice"] as? [String: Any])?["from"] as? String ?? ""
                    #expect(modified > cutoff || indexFrom > cutoff)
                }
            }
        }
    }

    @Test func futureCalculationDateUsesTheNewIndexPrice() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let item = try #require(Self.dataset.items.first { $0.nextPriceCents != nil && $0.supplierIndex == 11 })
            let later = max(osloToday(), "2027-01-02")
            let rows = try await sim.get(
                "/nobbkontrakt/v1/prices?nobbNumbers=\(item.nobbNumber)&calculationDate=\(later)&contractsPerPage=1&contractPage=1",
                token: token
            ).objects()
            let index = try #require(rows.first?["indexPrice"] as? [String: Any])
            #expect(index["from"] as? String == "2027-01-01")
            #expect(number(index["value"]) == Double(item.nextPriceCents!) / 100)
        }
    }
}
