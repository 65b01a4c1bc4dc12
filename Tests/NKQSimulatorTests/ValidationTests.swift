import Foundation
import Testing
@testable import NKQSimulator

/// Every documented rule answers 400 with problem details naming the parameter.
@Suite struct ValidationTests {
    static let elevenSuppliers = (10001...10011).map(String.init).joined(separator: ",")
    static let twentyOneNumbers = (40_000_001...40_000_021).map(String.init).joined(separator: ",")

    static let getCases: [(String, String)] = [
        ("/nobbkontrakt/v1/contracts?count=0&page=1", "count"),
        ("/nobbkontrakt/v1/contracts?count=11&page=1", "count"),
        ("/nobbkontrakt/v1/contracts?page=1", "count"),
        ("/nobbkontrakt/v1/contracts?count=ten&page=1", "count"),
        ("/nobbkontrakt/v1/contracts?count=10", "page"),
        ("/nobbkontrakt/v1/contracts?count=10&page=0", "page"),
        ("/nobbkontrakt/v1/contracts?count=10&page=1&suppliers=\(elevenSuppliers)", "suppliers"),
        ("/nobbkontrakt/v1/contracts?count=10&page=1&suppliers=10012,abc", "suppliers"),
        ("/nobbkontrakt/v1/contracts?count=10&page=1&suppliers=10012,,10017", "suppliers"),
        ("/nobbkontrakt/v1/contracts?count=10&page=1&from=2024-13-01", "from"),
        ("/nobbkontrakt/v1/contracts?count=10&page=1&to=2024-02-30", "to"),
        ("/nobbkontrakt/v1/contracts?count=10&page=1&from=01.02.2024", "from"),
        ("/nobbkontrakt/v1/contracts?count=10&page=1&onlyActiveConditions=yes", "onlyActiveConditions"),
        ("/nobbkontrakt/v1/prices", "suppliers"),
        ("/nobbkontrakt/v1/prices", "calculationDate"),
        ("/nobbkontrakt/v1/prices?contractsPerPage=1&contractPage=1", "nobbNumbers"),
        ("/nobbkontrakt/v1/prices?calculationDate=2020-01-01&contractsPerPage=1&contractPage=1", "calculationDate"),
        ("/nobbkontrakt/v1/prices?calculationDate=\(osloToday(offsetDays: -2))&contractsPerPage=1&contractPage=1", "calculationDate"),
        ("/nobbkontrakt/v1/prices?calculationDate=2030-1-1&contractsPerPage=1&contractPage=1", "calculationDate"),
        ("/nobbkontrakt/v1/prices?calculationDate=\(osloToday(offsetDays: 2))", "contractsPerPage"),
        ("/nobbkontrakt/v1/prices?calculationDate=\(osloToday(offsetDays: 2))&contractsPerPage=5", "contractPage"),
        ("/nobbkontrakt/v1/prices?changedAfterDate=2024-01-01&contractPage=1", "contractsPerPage"),
        ("/nobbkontrakt/v1/prices?changedAfterDate=2024-99-01&contractsPerPage=1&contractPage=1", "changedAfterDate"),
        ("/nobbkontrakt/v1/prices?calculationDate=\(osloToday(offsetDays: 2))&contractsPerPage=11&contractPage=1", "contractsPerPage"),
        ("/nobbkontrakt/v1/prices?calculationDate=\(osloToday(offsetDays: 2))&contractsPerPage=5&contractPage=0", "contractPage"),
        ("/nobbkontrakt/v1/prices?suppliers=\(elevenSuppliers)", "suppliers"),
        ("/nobbkontrakt/v1/prices?nobbNumbers=\(twentyOneNumbers)", "nobbNumbers"),
        ("/nobbkontrakt/v1/prices?nobbNumbers=4000000x", "nobbNumbers"),
        ("/nobbkontrakt/v1/zones?suppliers=\(elevenSuppliers)", "suppliers"),
        ("/nobbkontrakt/v1/zones?suppliers=x", "suppliers"),
    ]

    @Test func everyGetRuleNamesItsParameter() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            for (path, parameter) in Self.getCases {
                let reply = try await sim.get(path, token: token)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.header("content-type")?.hasPrefix("application/problem+json") == true)
                let body = try reply.object()
                #expect(body["status"] as? Int == 400)
                #expect(body["title"] as? String != nil && body["type"] as? String != nil)
                #expect(try reply.errorNames().contains(parameter), "\(path) → \(reply.text)")
            }
        }
    }

    @Test func severalProblemsAreReportedTogether() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let reply = try await sim.get("/nobbkontrakt/v1/contracts?count=0&page=0&from=x", token: token)
            #expect(try reply.errorNames() == ["count", "page", "from"])
        }
    }

    @Test func limitsAtTheBoundaryAreAccepted() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let ten = (10001...10010).map(String.init).joined(separator: ",")
            let twenty = (40_000_001...40_000_020).map(String.init).joined(separator: ",")
            for path in [
                "/nobbkontrakt/v1/contracts?count=10&page=1&suppliers=\(ten)",
                "/nobbkontrakt/v1/contracts?count=1&page=1",
                "/nobbkontrakt/v1/prices?suppliers=\(ten)",
                "/nobbkontrakt/v1/prices?nobbNumbers=\(twenty)",
                "/nobbkontrakt/v1/prices?calculationDate=\(osloToday())&contractsPerPage=10&contractPage=1",
                "/nobbkontrakt/v1/zones?suppliers=\(ten)",
            ] {
                #expect(try await sim.get(path, token: token).status == 200, "\(path)")
            }
        }
    }

    static let purchaseOrderCases: [(String, String)] = [
        ("", "body"),
        ("{", "body"),
        ("[]", "body"),
        ("{}", "suppliers"),
        (#"{"suppliers":[]}"#, "suppliers"),
        (#"{"suppliers":[{"participantNo":"10012","products":[{"gtin":"7041400000010","count":1}]}]}"#, "suppliers[0].participantNo"),
        (#"{"suppliers":[{"participantNo":10012}]}"#, "suppliers[0].products"),
        (#"{"suppliers":[{"participantNo":10012,"products":[]}]}"#, "suppliers[0].products"),
        (#"{"suppliers":[{"participantNo":10012,"products":[{"count":1}]}]}"#, "suppliers[0].products[0].gtin"),
        (#"{"suppliers":[{"participantNo":10012,"products":[{"gtin":7041400000010,"count":1}]}]}"#, "suppliers[0].products[0].gtin"),
        (#"{"suppliers":[{"participantNo":10012,"products":[{"gtin":"7041400000010","count":0}]}]}"#, "suppliers[0].products[0].count"),
        (#"{"deliveryPostalCode":"15","suppliers":[{"participantNo":10012,"products":[{"gtin":"7041400000010","count":1}]}]}"#, "deliveryPostalCode"),
        (#"{"calculationDate":"2020-01-01","suppliers":[{"participantNo":10012,"products":[{"gtin":"7041400000010","count":1}]}]}"#, "calculationDate"),
        (#"{"calculationDate":"tomorrow","suppliers":[{"participantNo":10012,"products":[{"gtin":"7041400000010","count":1}]}]}"#, "calculationDate"),
    ]

    @Test func everyPurchaseOrderRuleNamesItsField() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            for (body, field) in Self.purchaseOrderCases {
                let reply = try await sim.post("/nobbkontrakt/v1/purchaseorder", token: token, json: body)
                #expect(reply.status == 400, "\(body)")
                #expect(try reply.errorNames().contains(field), "\(body) → \(reply.text)")
            }
        }
    }

    @Test func storeOutsideTheChainIs403() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let order = { (store: Int) in
                #"{"storeParticipantNo":\#(store),"suppliers":[{"participantNo":10012,"products":[{"gtin":"\#(GTIN.make(nobbNumber: 40_000_001))","count":1}]}]}"#
            }
            let outside = try await sim.post("/nobbkontrakt/v1/purchaseorder", token: token, json: order(60002))
            #expect(outside.status == 403)
            #expect(try outside.errorNames().contains("storeParticipantNo"))
            #expect(try await sim.post("/nobbkontrakt/v1/purchaseorder", token: token, json: order(50005)).status == 200)
            #expect(try await sim.post("/nobbkontrakt/v1/purchaseorder", token: token, json: order(50001)).status == 200)
        }
    }
}
