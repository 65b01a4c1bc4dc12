import Foundation
import Testing
@testable import NKQSimulator

@Suite struct ContractsTests {
    @Test(arguments: [(10001, 0), (10002, 10), (10003, 20), (10004, 120)])
    func pagingMatchesTheEdgeCaseSuppliers(supplier: Int, expected: Int) async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            var ids: [Int] = []
            var page = 1
            while true {
                let reply = try await sim.get("/nobbkontrakt/v1/contracts?count=10&page=\(page)&suppliers=\(supplier)", token: token)
                #expect(reply.status == 200)
                let rows = try reply.objects()
                if rows.isEmpty { break }
                #expect(rows.count == 10 || rows.count == expected % 10)
                ids += rows.compactMap { $0["contractId"] as? Int }
                #expect(rows.allSatisfy { $0["ownerParticipantNumber"] as? Int == supplier })
                page += 1
                #expect(page <= 20)
                if page > 20 { break }
            }
            #expect(ids.count == expected)
            #expect(ids == ids.sorted())
            #expect(Set(ids).count == ids.count)
            // The page after the last full page is empty, not an error.
            let past = try await sim.get("/nobbkontrakt/v1/contracts?count=10&page=\(expected / 10 + 2)&suppliers=\(supplier)", token: token)
            #expect(past.status == 200)
            #expect(past.text == "[]")
        }
    }

    @Test func contractShapeFollowsPartA() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let contract = try #require(try await sim.get("/nobbkontrakt/v1/contracts?count=1&page=1&suppliers=10012", token: token).objects().first)
            #expect(Array(contract.keys).sorted() == [
                "approved", "conditions", "contractId", "created", "from", "lastModified", "ownerParticipantNumber",
                "receiverParticipantNumber", "senderParticipantNumber", "sent", "text", "to",
            ])
            #expect(contract["senderParticipantNumber"] as? Int == 10012)
            let receiver = try #require(contract["receiverParticipantNumber"] as? Int)
            #expect(receiver == 50001 || (50002...50020).contains(receiver))
            #expect((contract["approved"] as? String)?.hasSuffix("Z") == true)
            let condition = try #require((contract["conditions"] as? [[String: Any]])?.first)
            #expect(Set(condition.keys) == [
                "conditionId", "name", "active", "level", "levelValue", "quantity", "deliveryType", "zoneId", "packaging", "elements",
            ])
            let element = try #require((condition["elements"] as? [[String: Any]])?.first)
            #expect(Set(element.keys) == ["elementId", "type", "name", "formula", "value", "from", "to", "active"])
        }
    }

    @Test func withoutSuppliersAllOfTheCallersContractsArePaged() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let first = try await sim.get("/nobbkontrakt/v1/contracts?count=10&page=1", token: token).objects()
            let second = try await sim.get("/nobbkontrakt/v1/contracts?count=10&page=2", token: token).objects()
            let ids = (first + second).compactMap { $0["contractId"] as? Int }
            #expect(ids.count == 20)
            #expect(ids == ids.sorted())
            let otherToken = try await sim.token("other")
            let other = try await sim.get("/nobbkontrakt/v1/contracts?count=10&page=1", token: otherToken).objects()
            #expect(!other.isEmpty)
            #expect(Set(other.compactMap { $0["contractId"] as? Int }).isDisjoint(with: ids))
            #expect(other.allSatisfy { ($0["receiverParticipantNumber"] as? Int).map { (60001...60005).contains($0) } ?? false })
            #expect(try await sim.get("/nobbkontrakt/v1/contracts?count=10&page=1&suppliers=10002", token: otherToken).text == "[]")
        }
    }

    @Test func supplierFilterTakesSeveralSuppliers() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            var owners: [Int] = []
            for page in 1...4 {
                let rows = try await sim.get("/nobbkontrakt/v1/contracts?count=10&page=\(page)&suppliers=10002,10012,10017", token: token).objects()
                owners += rows.compactMap { $0["ownerParticipantNumber"] as? Int }
            }
            #expect(owners.count == 16)
            #expect(Set(owners) == [10002, 10012, 10017])
        }
    }

    @Test func dateFilterMatchesApprovedOrLastModifiedInclusive() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let all = try await sim.allContracts(supplier: 10004, token: token)
            #expect(all.count == 120)
            let (from, to) = ("2024-03-01", "2024-12-31")
            func inWindow(_ value: Any?) -> Bool {
                guard let text = value as? String else { return false }
                let day = String(text.prefix(10))
                return from <= day && day <= to
            }
            let expected = all.filter { inWindow($0["approved"]) || inWindow($0["lastModified"]) }.compactMap { $0["contractId"] as? Int }
            let filtered = try await sim.allContracts(supplier: 10004, token: token, extra: "&from=\(from)&to=\(to)")
            #expect(!expected.isEmpty && expected.count < all.count)
            #expect(filtered.compactMap { $0["contractId"] as? Int } == expected)
            // Inclusive bounds: a window of exactly one contract's approval day keeps it.
            let sample = all[37]
            let day = String(try #require(sample["approved"] as? String).prefix(10))
            let sameDay = try await sim.allContracts(supplier: 10004, token: token, extra: "&from=\(day)&to=\(day)")
            #expect(sameDay.contains { $0["contractId"] as? Int == sample["contractId"] as? Int })
        }
    }

    @Test func onlyActiveConditionsDropsInactiveOnes() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let all = try await sim.allContracts(supplier: 10006, token: token)
            let active = try await sim.allContracts(supplier: 10006, token: token, extra: "&onlyActiveConditions=true")
            func conditions(_ contracts: [[String: Any]]) -> [[String: Any]] {
                contracts.flatMap { $0["conditions"] as? [[String: Any]] ?? [] }
            }
            #expect(conditions(all).contains { $0["active"] as? Bool == false })
            #expect(conditions(active).allSatisfy { $0["active"] as? Bool == true })
            #expect(conditions(active).count == conditions(all).filter { $0["active"] as? Bool == true }.count)
            // 10006 also has expired elements.
            let today = osloToday()
            let elements = conditions(all).flatMap { $0["elements"] as? [[String: Any]] ?? [] }
            #expect(elements.contains { ($0["to"] as? String).map { $0 < today } ?? false })
        }
    }

    @Test func supplier10005HasAContractWithoutConditions() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let contracts = try await sim.allContracts(supplier: 10005, token: token)
            #expect(contracts.contains { ($0["conditions"] as? [Any])?.isEmpty == true })
        }
    }
}
