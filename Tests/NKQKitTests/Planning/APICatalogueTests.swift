import Testing
@testable import NKQKit

/// The catalogue of API resources: versions switch paths with no code change, and the caps the
/// planner batches by come from it.
@Suite struct APICatalogueTests {
    static func plan(_ text: String, versions: [String]) throws -> Plan {
        var apiVersions = APIVersions()
        for assignment in versions { try apiVersions.set(assignment: assignment) }
        let (query, source) = try PlanFixture.query(text)
        var planner = PlanFixture.planner()
        planner.versions = apiVersions
        return try planner.plan(query, in: source)
    }

    @Test func aVersionSwitchesOnlyItsResourcesPaths() throws {
        let v2 = try Self.plan("get prices where supplier = 10012", versions: ["prices=v2"])
        #expect(v2.requests.map(\.path) == ["/v2/prices"])
        #expect(v2.explainText().contains("GET /v2/prices?suppliers=10012"))
        #expect(v2.requests.first?.version == 2 && v2.requests.first?.resource == "prices")
        let contracts = try Self.plan("get conditions where supplier = 10012", versions: ["prices=v2", "contracts=v3"])
        #expect(contracts.requests.map(\.path) == ["/v3/contracts"])
        let order = try Self.plan(
            "get orderprices where supplier = 10012 and gtin = '7041400009509' and deliveryPostalCode = '0150' and deliveryType = 'Lager'",
            versions: ["purchaseorder=v2"])
        #expect(order.requests.map(\.path) == ["/v2/purchaseorder"])
        #expect(try Self.plan("get zones", versions: []).requests.map(\.path) == ["/v1/zones"])
    }

    @Test func capsComeFromTheCatalogue() throws {
        let suppliers = (10001...10025).map(String.init).joined(separator: ", ")
        let plan = try PlanFixture.plan("get zones where supplier in (\(suppliers))")
        #expect(plan.requests.count == (25 + APIResource.zones.cap("suppliers") - 1) / APIResource.zones.cap("suppliers"))
        #expect(APIResource.prices.cap("nobbNumbers") == 20 && APIResource.contracts.cap("suppliers") == 10)
        #expect(APIResource.contracts.paging == .pages(parameter: "page", first: 1, size: 10, stop: .shortPage))
    }

    @Test(arguments: ["prices=2", "stock=v2", "prices", "prices=v0", "prices=vx"])
    func badAssignmentsAreRefused(text: String) {
        var versions = APIVersions()
        #expect(throws: APIVersions.VersionError.self) { try versions.set(assignment: text) }
    }

    @Test func summariesNameThePathCapsAndPaging() {
        #expect(APIResource.contracts.summary() ==
            "`GET /v1/contracts`: at most 10 suppliers a call; pages of 10 (`page`) until a short page; filters `from`, `to`, `onlyActiveConditions`.")
        var versions = APIVersions()
        try? versions.set("prices", "v2")
        #expect(APIResource.prices.summary(versions: versions).hasPrefix("`GET /v2/prices`: at most 10 suppliers a call; at most 20 nobbNumbers a call"))
    }
}
