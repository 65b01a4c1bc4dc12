import Foundation
import NKQCalendar
import Testing
@testable import NKQSimulator

/// Per-endpoint rate-limit windows, endpoints without rate-limit headers, per-resource versions
/// and sunset announcements, configured with the spellings of `nkq sim`'s flags.
@Suite struct WindowsVersionsAndSunsetTests {
    static let zones = "/nobbkontrakt/v1/zones?suppliers=10012"
    static let contracts = "/nobbkontrakt/v1/contracts?count=1&page=1"
    static let prices = "/nobbkontrakt/v1/prices?suppliers=10012"

    @Test func anEndpointWindowLimitsOnlyThatEndpoint() async throws {
        try await SimulatorHarness.run({ try $0.setRateLimits("1000/60,prices=3/60") }) { sim in
            let token = try await sim.token()
            var remaining: [String?] = []
            for _ in 0..<3 {
                let reply = try await sim.get(Self.prices, token: token)
                #expect(reply.status == 200)
                #expect(reply.header("x-ratelimit-limit") == "3")
                remaining.append(reply.header("x-ratelimit-remaining"))
            }
            #expect(remaining == ["2", "1", "0"])
            let limited = try await sim.get(Self.prices, token: token)
            #expect(limited.status == 429)
            #expect(limited.header("x-ratelimit-limit") == "3")
            #expect(limited.header("x-ratelimit-remaining") == "0")
            // Contracts pass only the client-level window; the refused prices call counted nowhere.
            let contracts = try await sim.get(Self.contracts, token: token)
            #expect(contracts.status == 200)
            #expect(contracts.header("x-ratelimit-limit") == "1000")
            #expect(contracts.header("x-ratelimit-remaining") == "996")
        }
    }

    @Test func headersDescribeTheWindowWithFewestCallsLeft() async throws {
        try await SimulatorHarness.run({ try $0.setRateLimits("3/60,zones=10/60") }) { sim in
            let token = try await sim.token()
            let zones = try await sim.get(Self.zones, token: token)
            #expect(zones.header("x-ratelimit-limit") == "3")
            #expect(zones.header("x-ratelimit-remaining") == "2")
            _ = try await sim.get(Self.contracts, token: token)
            _ = try await sim.get(Self.contracts, token: token)
            // The client-level window is empty: zones gets 429 though its own window has room.
            let limited = try await sim.get(Self.zones, token: token)
            #expect(limited.status == 429)
            #expect(limited.header("x-ratelimit-limit") == "3")
            #expect(limited.header("x-ratelimit-remaining") == "0")
        }
    }

    @Test func withoutAClientEntryTheClientWindowStays() throws {
        var configuration = SimulatorConfiguration()
        try configuration.setRateLimits("contracts=20/2,prices=20/2")
        #expect(configuration.rateLimit == 300 && configuration.rateWindowSeconds == 60)
        #expect(configuration.resourceRateLimits == [
            .contracts: RateWindow(limit: 20, seconds: 2), .prices: RateWindow(limit: 20, seconds: 2),
        ])
        try configuration.setRateLimits("50/10")
        #expect(configuration.rateLimit == 50 && configuration.rateWindowSeconds == 10)
        #expect(configuration.resourceRateLimits.isEmpty)
    }

    @Test func anEndpointWithoutHeadersSendsNoneNotEvenOn429() async throws {
        try await SimulatorHarness.run({
            try $0.setRateLimits("zones=1/60")
            try $0.setResourcesWithoutRateLimitHeaders("zones")
            $0.sendRetryAfter = true
        }) { sim in
            let token = try await sim.token()
            let first = try await sim.get(Self.zones, token: token)
            #expect(first.status == 200)
            #expect(first.header("x-ratelimit-limit") == nil && first.header("x-ratelimit-remaining") == nil)
            #expect(first.header("x-ratelimit-reset") == nil)
            let limited = try await sim.get(Self.zones, token: token)
            #expect(limited.status == 429)
            #expect(limited.header("x-ratelimit-remaining") == nil)
            #expect(limited.header("retry-after").flatMap(Int.init).map { (1...60).contains($0) } == true)
            #expect(try await sim.get(Self.contracts, token: token).header("x-ratelimit-limit") == "300")
        }
    }

    @Test func aVersionedResourceMovesAndItsOldPathIsAProblem() async throws {
        try await SimulatorHarness.run({ try $0.setAPIVersion("prices=v2") }) { sim in
            let token = try await sim.token()
            let old = try await sim.get(Self.prices, token: token)
            #expect(old.status == 404)
            #expect(old.header("content-type")?.hasPrefix("application/problem+json") == true)
            #expect((try old.object()["detail"] as? String)?.contains("/nobbkontrakt/v2/prices") == true)
            let v1Rows = try await SimulatorHarness.run { v1 in
                try await v1.get(Self.prices, token: try await v1.token()).objects()
            }
            let v2 = try await sim.get("/nobbkontrakt/v2/prices?suppliers=10012", token: token)
            #expect(v2.status == 200)
            #expect(v2.header("x-ratelimit-limit") == "300")
            let rows = try v2.objects()
            #expect(rows.count == v1Rows.count && !rows.isEmpty)
            #expect(rows.allSatisfy { ($0["productName"] as? String)?.isEmpty == false })
            #expect(v1Rows.allSatisfy { $0["productName"] == nil })
            // The other resources stay at v1.
            #expect(try await sim.get(Self.contracts, token: token).status == 200)
            #expect(try await sim.get("/nobbkontrakt/v2/contracts?count=1&page=1", token: token).status == 404)
        }
    }

    @Test(arguments: SimulatorResource.allCases)
    func everyResourceGainsAFieldAtV2(resource: SimulatorResource) async throws {
        func keys(_ version: Int) async throws -> Set<String> {
            try await SimulatorHarness.run({ $0.apiVersions[resource] = version }) { sim in
                let token = try await sim.token()
                let path = resource.path(version: version)
                let reply: HTTPReply
                switch resource {
                case .contracts: reply = try await sim.get(path + "?count=1&page=1&suppliers=10012", token: token)
                case .prices: reply = try await sim.get(path + "?suppliers=10012", token: token)
                case .zones: reply = try await sim.get(path + "?suppliers=10012", token: token)
                case .purchaseorder:
                    let gtin = GTIN.make(nobbNumber: 40_000_950)
                    reply = try await sim.post(path, token: token, json: #"{"suppliers":[{"participantNo":10012,"products":[{"gtin":"\#(gtin)","count":1}]}]}"#)
                }
                #expect(reply.status == 200, "\(reply.text)")
                return Set(try reply.objects().first?.keys.map { $0 } ?? [])
            }
        }
        let v1 = try await keys(1)
        let v2 = try await keys(2)
        #expect(v1.isSubset(of: v2))
        #expect(!v2.subtracting(v1).isEmpty)
    }

    @Test func aSunsetIsAnnouncedOnEveryAnswerOfThatResource() async throws {
        try await SimulatorHarness.run({ try $0.setSunset("contracts=2027-06-01") }) { sim in
            let token = try await sim.token()
            let sunsetDays = CivilDate.days(year: 2027, month: 6, day: 1)
            for reply in [
                try await sim.get(Self.contracts, token: token),
                try await sim.get("/nobbkontrakt/v1/contracts?count=0&page=1", token: token),
                try await sim.send("GET", Self.contracts),
            ] {
                #expect(reply.header("sunset") == "Tue, 01 Jun 2027 00:00:00 GMT")
                #expect(reply.header("deprecation") == "@\((sunsetDays - 183) * 86_400)")
            }
            let prices = try await sim.get(Self.prices, token: token)
            #expect(prices.header("sunset") == nil && prices.header("deprecation") == nil)
        }
    }

    @Test(arguments: [
        ("--rate-limit", "prices=0/60"), ("--rate-limit", "stock=5/60"), ("--rate-limit", "5/60,6/60"),
        ("--rate-limit", "prices=5/60,prices=6/60"), ("--rate-limit", ""), ("--no-ratelimit-headers", "zones,"),
        ("--api-version", "prices=2"), ("--api-version", "prices"), ("--api-version", "prices=v0"),
        ("--sunset", "contracts=2027-13-01"), ("--sunset", "stock=2027-06-01"),
    ])
    func badFlagValuesNameTheFlag(flag: String, value: String) {
        var configuration = SimulatorConfiguration()
        #expect {
            switch flag {
            case "--rate-limit": try configuration.setRateLimits(value)
            case "--no-ratelimit-headers": try configuration.setResourcesWithoutRateLimitHeaders(value)
            case "--api-version": try configuration.setAPIVersion(value)
            default: try configuration.setSunset(value)
            }
        } throws: { error in
            "\(error)".hasPrefix(flag)
        }
    }

    @Test func httpDatesHaveTheRightWeekday() {
        #expect(Day(1970, 1, 1).httpDate == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(Day(2027, 6, 1).httpDate == "Tue, 01 Jun 2027 00:00:00 GMT")
        #expect(Day(2024, 2, 29).httpDate == "Thu, 29 Feb 2024 00:00:00 GMT")
        #expect(Day(1969, 12, 31).httpDate == "Wed, 31 Dec 1969 00:00:00 GMT")
    }
}
