import Foundation
import Testing
@testable import NKQKit

@Suite struct PlannerRuleTests {
    /// A group's parentheses belong to its text: explain shows `(a and b) or (c and d)`, not
    /// `a and b) or (c and d`.
    @Test func groupedPredicatesKeepTheirParentheses() throws {
        let text = "get contracts where (supplier = 10012 and to < 2027-01-01) or (supplier = 10017 and to > 2027-01-01)"
        let plan = try PlanFixture.plan(text)
        #expect(plan.predicates.map(\.text) == ["(supplier = 10012 and to < 2027-01-01) or (supplier = 10017 and to > 2027-01-01)"])
        let nested = try PlanFixture.plan("get contracts where supplier = 10012 and ((to < 2027-01-01))")
        #expect(nested.predicates.map(\.text) == ["supplier = 10012", "((to < 2027-01-01))"])
    }

    @Test func quotaShareAndWarning() throws {
        let reset = Date(timeIntervalSince1970: Double(PlanFixture.clock.epochSeconds + 42))
        let quota = QuotaSnapshot(windows: [QuotaSnapshot.Window(endpoints: ["contracts"], limit: 60, remaining: 5, resetAt: reset)])
        let plan = try PlanFixture.plan("get contracts where supplier in $big", bindings: GoldenPlanTests.bindings, quota: quota)
        #expect(plan.quota == [QuotaUse(window: "the contracts window", calls: 8, limit: 60, remaining: 5, resetsIn: 42)])
        #expect(plan.explainText().contains("quota: the contracts window: 8 of 5 remaining (limit 60, 13% of a window, resets in 42 s)\n"))
        #expect(plan.warnings == ["about 8 calls, but 5 of 60 remain in the contracts window (resets in 42 s): the run will wait for the reset"])
        let json = plan.explainJSON()
        #expect(json["quota"] == [["window": "the contracts window", "calls": 8, "limit": 60, "remaining": 5, "resetsIn": 42,
                                   "shareOfLimit": 0.133, "fits": false]])
    }

    /// A plan needs the windows that pace its endpoint: its own and a shared one, never another
    /// endpoint's own window; a window whose reset has passed counts as full.
    @Test func eachWindowThatPacesThePlanGetsItsShare() throws {
        let now = PlanFixture.clock.epochSeconds
        func at(_ seconds: Int) -> Date { Date(timeIntervalSince1970: Double(now + seconds)) }
        let quota = QuotaSnapshot(windows: [
            QuotaSnapshot.Window(endpoints: ["contracts", "zones"], limit: 1000, remaining: 900, resetAt: at(50)),
            QuotaSnapshot.Window(endpoints: ["prices"], limit: 10, remaining: 0, resetAt: at(-1)),
            QuotaSnapshot.Window(endpoints: ["contracts"], limit: 20, remaining: 4, resetAt: at(2)),
        ])
        let contracts = try PlanFixture.plan("get contracts where supplier in $big", bindings: GoldenPlanTests.bindings, quota: quota)
        #expect(contracts.quota.map(\.window) == ["the shared window (contracts, zones)", "the contracts window"])
        #expect(contracts.quota.map(\.remaining) == [900, 4])
        let prices = try PlanFixture.plan("get prices where supplier = 10012", quota: quota)
        #expect(prices.quota == [QuotaUse(window: "the shared window (contracts, zones)", calls: 1, limit: 1000, remaining: 900, resetsIn: 50),
                                 QuotaUse(window: "the prices window", calls: 1, limit: 10, remaining: 10, resetsIn: 0)])
        #expect(prices.warnings.isEmpty)
    }

    @Test func pagesSeenBeforeImproveTheEstimate() throws {
        let first = try PlanFixture.plan("get contracts")
        #expect(first.cost == PlanCost(min: 1, max: nil, estimate: 300))
        let seen = try PlanFixture.plan("get contracts", pagesSeen: [first.requests[0]: 57])
        #expect(seen.cost == PlanCost(min: 1, max: nil, estimate: 57))
        #expect(seen.warnings == ["no supplier filter: this reads every contract you can see, about 57 calls"])
    }

    @Test func fetchLimitCapsCalls() throws {
        let plan = try PlanFixture.plan("get contracts | limit 25")
        #expect(plan.fetchLimit == 25)
        #expect(plan.cost == PlanCost(min: 1, max: 3, estimate: 3))
        #expect(plan.warnings.isEmpty)
        let many = try PlanFixture.plan("get contracts where supplier in $big | select text | limit 5", bindings: GoldenPlanTests.bindings)
        #expect(many.fetchLimit == 5)
        #expect(many.cost == PlanCost(min: 1, max: 3, estimate: 3))
    }

    @Test func limitPlacementNamesTheStage() throws {
        #expect(try PlanFixture.plan("get zones | limit 3").limit == .fetch(3))
        #expect(try PlanFixture.plan("get zones | select supplierParticipantNumber | limit 3").limit == .fetch(3))
        #expect(try PlanFixture.plan("get zones | distinct supplierParticipantNumber | limit 3").limit == .stopsStream(3, after: "distinct"))
        #expect(try PlanFixture.plan("get zones | group by supplierParticipantNumber | limit 3").limit == .afterAllRows(3, after: "group by"))
        #expect(try PlanFixture.plan("get zones | count | limit 3").limit == .afterAllRows(3, after: "count"))
        #expect(try PlanFixture.plan("get zones | limit 3 | sort supplierParticipantNumber").fetchLimit == 3)
    }

    @Test func exactPredicatesAreNotRecheckedPrefiltersAre() throws {
        let plan = try PlanFixture.plan("get contracts where supplier = 1 and approved >= 2024-01-01 and text contains 'x'")
        #expect(plan.local.steps.map(\.text) == ["where approved >= 2024-01-01 and text contains 'x'"])
        let rows = [#"{"ownerParticipantNumber":1,"approved":"2023-12-31T23:59:59Z","lastModified":"2024-02-01T00:00:00Z","text":"x"}"#,
                    #"{"ownerParticipantNumber":1,"approved":"2024-01-01T08:00:00.5Z","text":"X-tra"}"#]
        // The first row is what `from=2024-01-01` also returns (modified after): the re-check drops it.
        #expect(try plan.local.run(rows.map { try JSONValue.parse($0) }).count == 1)
    }

    @Test func keysDedupOnlyWhenBatchesOverlap() throws {
        #expect(try PlanFixture.plan("get prices where supplier in (1, 2) and nobb in (3, 4)").dedupKey == nil)
        #expect(try PlanFixture.plan("get prices where supplier = 1 or nobb = 3").dedupKey == [["supplierParticipantNumber"], ["nobbNumber"]])
        let mixed = try PlanFixture.plan("get prices where (supplier = 1 and nobb in (5, 6)) or supplier = 3")
        #expect(mixed.requests.map(\.firstCallText) == ["GET /v1/prices?suppliers=1&nobbNumbers=5,6", "GET /v1/prices?suppliers=3"])
        #expect(try PlanFixture.plan("get prices where supplier in (1, 2) and (nobb = 5 or supplier = 3)").requests.map(\.firstCallText)
            == ["GET /v1/prices?suppliers=1,2&nobbNumbers=5"])
    }

    @Test func orderPricesSplitLongProductListsAcrossPosts() throws {
        let gtins = (1...25).map { "'70206500000\(String(format: "%02d", $0))'" }.joined(separator: ", ")
        let plan = try PlanFixture.plan("get orderprices where supplier in (1, 2) and gtin in (\(gtins)) and deliveryPostalCode = '0150' and deliveryType = 'Lager'")
        let bodies = plan.requests.compactMap(\.body)
        #expect(bodies.count == 2)
        #expect(bodies.map { $0["suppliers"].arrayValue?.map { $0["products"].arrayValue?.count ?? 0 } ?? [] } == [[20, 20], [5, 5]])
        #expect(plan.dedupKey == nil)
    }

    @Test func refusalsPointAtTheProblem() {
        /// "kind: message @ text under the span", or "" when the statement plans.
        func refusal(_ text: String) -> String {
            guard let d = PlanFixture.refusal(text, bindings: GoldenPlanTests.bindings).first else { return "" }
            return "\(d.kind): \(d.message) @ " + (d.span.map { SourceText(text).slice($0) } ?? "")
        }
        #expect(refusal("get prices where supplier = 0") == "plan: 0 is not a supplier the API accepts @ 0")
        // The analyzer refuses these before the planner sees them.
        #expect(refusal("get prices where supplier = 'abc'") == "type: 'supplier' is an integer, but 'abc' is text @ 'abc'")
        #expect(refusal("get prices where supplier = $big") == "type: a list needs 'in', not '=' @ $big")
        #expect(refusal("get prices where supplier = 1 and (calculationDate = today or nobb = 2)")
            == "plan: 'calculationDate' is a request input, not a field of the rows @ calculationDate")
        #expect(refusal("get prices where supplier = 1 and calculationDate in (today, today + 1d)")
            == "plan: calculationDate is a request input and takes one value a statement, not a list @ calculationDate in (today, today + 1d)")
        #expect(refusal("get contracts where supplier = $nope") == "unknownName: unknown parameter '$nope' @ $nope")
        #expect(refusal("get prices where supplier = 1 and calculationDate = today - 1d")
            == "plan: calculation date 2026-11-26 is in the past; the API calculates prices for today or later @ today - 1d")
        #expect(refusal("get prices where supplier = 1 and calculationDate = today") == "")
    }

    @Test func explainJSONHasTheContractFields() throws {
        let json = try PlanFixture.plan("get contracts where approved >= 2024-01-01 | limit 5").explainJSON()
        let request = json["requests"].arrayValue?.first ?? .null
        #expect(request["method"] == "GET")
        #expect(request["path"] == "/v1/contracts")
        #expect(request["params"] == ["from": "2024-01-01", "count": "10", "page": "1"])
        #expect(request["paginated"] == true)
        #expect(json["predicates"] == [["text": "approved >= 2024-01-01", "placement": "prefilter", "parameter": "from"]])
        #expect(json["calls"] == ["min": 1, "max": .null, "estimate": 300])
        #expect(json["limit"] == ["rows": 5, "placement": "stream", "after": "where"])
        #expect(json["warnings"] == ["no supplier filter: this reads every contract you can see, about 300 calls"])
    }
}
