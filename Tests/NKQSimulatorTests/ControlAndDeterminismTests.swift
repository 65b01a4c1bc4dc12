import Foundation
import Testing
@testable import NKQSimulator

@Suite struct ControlAndDeterminismTests {
    @Test func statsCountRequestsByPathAndStatusAndReset() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            _ = try await sim.get("/nobbkontrakt/v1/contracts?count=1&page=1", token: token)
            _ = try await sim.get("/nobbkontrakt/v1/contracts?count=0&page=1", token: token)
            _ = try await sim.send("GET", "/nobbkontrakt/v1/zones")
            let stats = try await sim.send("GET", "/_sim/stats").object()
            #expect(stats["total"] as? Int == 4)
            #expect(stats["byPath"] as? [String: Int] == [
                "/api/v1/token": 1, "/nobbkontrakt/v1/contracts": 2, "/nobbkontrakt/v1/zones": 1,
            ])
            #expect(stats["byStatus"] as? [String: Int] == ["200": 2, "400": 1, "401": 1])
            let reset = try await sim.send("POST", "/_sim/reset")
            #expect(reset.status == 200)
            let zeroed = try await sim.send("GET", "/_sim/stats").object()
            #expect(zeroed["total"] as? Int == 0)
            #expect((zeroed["byPath"] as? [String: Int])?.isEmpty == true)
        }
    }

    @Test func unknownRoutesAndMethods() async throws {
        try await SimulatorHarness.run { sim in
            #expect(try await sim.send("GET", "/nobbkontrakt/v1/nothing").status == 404)
            let wrongMethod = try await sim.send("DELETE", "/nobbkontrakt/v1/contracts")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("allow") == "GET")
            #expect(wrongMethod.header("content-type")?.hasPrefix("application/problem+json") == true)
            let unknown = try await sim.send("GET", "/nothing")
            #expect(unknown.status == 404)
            #expect(try unknown.object()["detail"] as? String == "No route for /nothing.")
        }
    }

    @Test func aStartedServerAnswersOverLoopbackUntilStopped() async throws {
        let server = try await SimulatorServer.start(SimulatorConfiguration())
        let sim = SimulatorHarness(baseURL: server.baseURL)
        #expect(try await sim.requestToken().status == 200)
        await server.stop()
        await #expect(throws: (any Error).self) { try await sim.requestToken() }
    }

    static func sample(seed: UInt64) async throws -> [Data] {
        try await SimulatorHarness.run({ $0.seed = seed }) { sim in
            let token = try await sim.token()
            var bodies: [Data] = []
            for path in [
                "/nobbkontrakt/v1/contracts?count=10&page=3",
                "/nobbkontrakt/v1/contracts?count=10&page=1&suppliers=10004,10012",
                "/nobbkontrakt/v1/prices?suppliers=10012,10017,10100",
                "/nobbkontrakt/v1/zones",
            ] {
                bodies.append(try await sim.get(path, token: token).body)
            }
            let order = #"{"deliveryType":"Lager","deliveryPostalCode":"0150","suppliers":[{"participantNo":10012,"products":[{"gtin":"\#(GTIN.make(nobbNumber: 40_000_950))","count":5}]}]}"#
            bodies.append(try await sim.post("/nobbkontrakt/v1/purchaseorder", token: token, json: order).body)
            return bodies
        }
    }

    @Test func sameSeedGivesByteIdenticalResponses() async throws {
        let first = try await Self.sample(seed: 42)
        #expect(try await Self.sample(seed: 42) == first)
        let other = try await Self.sample(seed: 43)
        #expect(zip(first, other).filter { $0 != $1 }.count >= 3)
    }

    @Test func datasetIsRealisticInScale() {
        let dataset = SimulatorDataset(seed: 1)
        #expect(dataset.suppliers.count == 240)
        #expect(dataset.suppliers.first?.participantNumber == 10001 && dataset.suppliers.last?.participantNumber == 10240)
        #expect(dataset.contracts(visibleTo: .demo).count >= 3000)
        #expect(dataset.conditionCount >= 30000)
        #expect(dataset.items.count == 20000)
        #expect(Set(dataset.items.map(\.gtin)).count == 20000)
        #expect(dataset.items.allSatisfy { $0.gtin.count == 13 && GTIN.nobbNumber(from: $0.gtin) == $0.nobbNumber })
        #expect(dataset.suppliers.filter { !$0.zones.isEmpty }.count >= 80)
        let names = dataset.suppliers.map(\.name).joined()
        #expect(names.contains("ø") && names.contains("å") && names.contains("æ"))
        // NOBB-number ranges per supplier are the same under every seed (docs/simulator.md lists some).
        #expect(SimulatorDataset(seed: 9).suppliers.map(\.items) == dataset.suppliers.map(\.items))
        #expect(dataset.supplier(participantNumber: 10012).map { dataset.items[$0.items.lowerBound].nobbNumber } == 40_000_941)
        #expect(GTIN.make(nobbNumber: 40_000_001) == "7041400000019")
        // Conditions are generated on demand and match the counts used above.
        for contract in dataset.contracts.prefix(50) {
            #expect(dataset.conditions(of: contract).count == contract.conditionCount)
        }
    }
}
