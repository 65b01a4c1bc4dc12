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
        #expect(APIResource.contracts.paging == .pages(parameter: "page", first: 1, size: 10, sizeParameter: "count", stop: .shortPage))
    }

    /// Statements that, with the golden cases, send every parameter the catalogue states.
    static let everyFilter = [
        "get contracts where approved >= 2026-01-01 and approved <= 2026-06-30",
        "get conditions where supplier in (10012, 10017) and active = true",
        "get prices where supplier = 10012 and calculationDate = today and changedAfterDate = 2026-11-01",
        "get prices where nobb in (1234, 5678)",
        "get zones where supplier = 10012",
        """
        get orderprices where supplier = 10012 and gtin = '7041400009509' and deliveryPostalCode = '0150'
          and deliveryType = 'Lager' and storeParticipantNo = 5 and orderValue = 1000 and quantity = 3
          and calculationDate = 2026-12-01
        """,
    ]

    /// The names a request sends: its query parameters, or its body's fields (a purchase order's
    /// supplier entries and products too, less the key values `participantNo` and `gtin` they carry).
    static func sentNames(_ request: PlannedRequest) -> [String] {
        guard case .object(let body)? = request.body else { return request.query.map(\.name) }
        var names = body.keys
        for case .object(let entry) in body[KeyField.orderSupplier.parameter]?.arrayValue ?? [] {
            names += entry.keys.filter { $0 != "participantNo" }
            for case .object(let product) in entry[KeyField.orderGTIN.parameter]?.arrayValue ?? [] {
                names += product.keys.filter { $0 != "gtin" }
            }
        }
        return names
    }

    /// The planner and the catalogue agree: every request calls its resource's path and method,
    /// pages as the catalogue says, and sends only names the catalogue states for it; and every
    /// name the catalogue states is sent by some statement.
    @Test func plannedRequestsSendOnlyWhatTheCatalogueStates() throws {
        var sent: [String: Set<String>] = [:]
        var planned = 0
        for statement in GoldenPlanTests.cases.map(\.statement) + Self.everyFilter {
            guard let plan = try? PlanFixture.plan(statement, bindings: GoldenPlanTests.bindings) else { continue }
            planned += 1
            for request in plan.requests {
                guard let api = APIResource.named(request.resource) else {
                    Issue.record("\(statement): \(request.path) is no resource of the catalogue")
                    continue
                }
                #expect(request.method == api.method && request.path == api.path(version: api.defaultVersion), "\(statement)")
                var stated = Set(api.keys.map(\.parameter) + api.filters.map(\.rawValue))
                if case .pages(let parameter, let first, let size, let sizeParameter, _) = api.paging {
                    if request.paging == .single {
                        #expect(!api.pagedOnlyWith.isEmpty, "\(statement): \(api.name) always pages")
                        #expect(!request.query.contains { [parameter, sizeParameter].contains($0.name) }, "\(statement)")
                    } else {
                        #expect(request.paging == api.paging, "\(statement)")
                        #expect(request.query.contains(QueryItem(parameter, String(first))), "\(statement)")
                        #expect(request.query.contains(QueryItem(sizeParameter, String(size))), "\(statement)")
                    }
                    stated.formUnion([parameter, sizeParameter])
                } else {
                    #expect(request.paging == .single, "\(statement)")
                }
                for name in Self.sentNames(request) {
                    #expect(stated.contains(name), "\(statement): \(api.name) is sent `\(name)`, which the catalogue does not state")
                    sent[api.name, default: []].insert(name)
                }
            }
        }
        #expect(planned > GoldenPlanTests.cases.count / 2)
        for api in APIResource.all {
            var stated = Set(api.keys.map(\.parameter) + api.filters.map(\.rawValue))
            if case .pages(let parameter, _, _, let sizeParameter, _) = api.paging { stated.formUnion([parameter, sizeParameter]) }
            #expect(stated.subtracting(sent[api.name, default: []]).isEmpty,
                    "\(api.name): the catalogue states \(stated.subtracting(sent[api.name, default: []]).sorted()), which no plan sends")
        }
    }

    @Test(arguments: ["prices=2", "stock=v2", "prices", "prices=v0", "prices=vx"])
    func badAssignmentsAreRefused(text: String) {
        var versions = APIVersions()
        #expect(throws: APIVersions.VersionError.self) { try versions.set(assignment: text) }
    }

    @Test func summariesNameThePathCapsAndPaging() {
        #expect(APIResource.contracts.summary() ==
            "`GET /v1/contracts`: at most 10 suppliers a call; pages of 10 (`page`, size in `count`) until a short page; filters `from`, `to`, `onlyActiveConditions`.")
        var versions = APIVersions()
        try? versions.set("prices", "v2")
        #expect(APIResource.prices.summary(versions: versions).hasPrefix("`GET /v2/prices`: at most 10 suppliers a call; at most 20 nobbNumbers a call"))
    }
}
