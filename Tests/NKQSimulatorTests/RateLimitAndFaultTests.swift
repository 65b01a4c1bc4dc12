import Foundation
import Testing
@testable import NKQSimulator

@Suite struct RateLimitAndFaultTests {
    @Test func headersCountDownTo429AndRecoverAfterReset() async throws {
        // A window far longer than the five calls below take even on a loaded machine, so they
        // all fall in the one window; recovery then waits for the reset the headers name.
        try await SimulatorHarness.run({ $0.rateLimit = 3; $0.rateWindowSeconds = 10; $0.sendRetryAfter = true }) { sim in
            let token = try await sim.token()
            // Token calls are not rate limited.
            for _ in 0..<5 { #expect(try await sim.requestToken().header("x-ratelimit-limit") == nil) }
            var remaining: [String?] = []
            var reset: Int? = nil
            for path in ["/nobbkontrakt/v1/zones", "/nobbkontrakt/v1/contracts?count=0&page=1", "/nobbkontrakt/v1/zones"] {
                let reply = try await sim.get(path, token: token)
                #expect(reply.header("x-ratelimit-limit") == "3")
                remaining.append(reply.header("x-ratelimit-remaining"))
                reset = reply.header("x-ratelimit-reset").flatMap(Int.init)
            }
            #expect(remaining == ["2", "1", "0"])
            let limited = try await sim.get("/nobbkontrakt/v1/zones", token: token)
            #expect(limited.status == 429)
            #expect(limited.header("x-ratelimit-remaining") == "0")
            #expect(limited.header("x-ratelimit-reset").flatMap(Int.init) == reset)
            #expect(limited.header("retry-after").flatMap(Int.init).map { (1...10).contains($0) } == true)
            #expect(try limited.object()["status"] as? Int == 429)
            // Another client has its own window.
            #expect(try await sim.get("/nobbkontrakt/v1/zones", token: try await sim.token("other")).status == 200)
            let resetAt = try #require(reset)
            let wait = Double(resetAt) - Date().timeIntervalSince1970 + 0.05
            if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            let recovered = try await sim.get("/nobbkontrakt/v1/zones", token: token)
            #expect(recovered.status == 200)
            #expect(recovered.header("x-ratelimit-remaining") == "2")
            #expect(recovered.header("x-ratelimit-reset").flatMap(Int.init).map { $0 > resetAt } == true)
        }
    }

    @Test func noRetryAfterByDefault() async throws {
        try await SimulatorHarness.run({ $0.rateLimit = 1 }) { sim in
            let token = try await sim.token()
            _ = try await sim.get("/nobbkontrakt/v1/zones", token: token)
            let limited = try await sim.get("/nobbkontrakt/v1/zones", token: token)
            #expect(limited.status == 429)
            #expect(limited.header("retry-after") == nil)
            #expect(limited.header("x-ratelimit-reset") != nil)
        }
    }

    static func statuses(seed: UInt64, calls: Int) async throws -> [Int] {
        try await SimulatorHarness.run({ $0.seed = seed; $0.faultRate = 0.3; $0.rateLimit = 10_000 }) { sim in
            let token = try await sim.token()
            var statuses: [Int] = []
            for _ in 0..<calls {
                let reply = try await sim.get("/nobbkontrakt/v1/zones?suppliers=10012", token: token)
                #expect(reply.header("x-ratelimit-limit") == "10000")
                statuses.append(reply.status)
            }
            return statuses
        }
    }

    @Test func faultRateIsWithinToleranceAndReproducible() async throws {
        let first = try await Self.statuses(seed: 5, calls: 200)
        let faults = first.filter { $0 == 500 || $0 == 502 }.count
        #expect((40...80).contains(faults), "\(faults) faults of 200")
        #expect(first.contains(500) && first.contains(502))
        #expect(Set(first).isSubset(of: [200, 500, 502]))
        #expect(try await Self.statuses(seed: 5, calls: 200) == first)
        #expect(try await Self.statuses(seed: 6, calls: 200) != first)
    }

    @Test func latencyDelaysApiAnswers() async throws {
        try await SimulatorHarness.run({ $0.latencyMilliseconds = 150 }) { sim in
            let token = try await sim.token()
            let clock = ContinuousClock()
            let started = clock.now
            #expect(try await sim.get("/nobbkontrakt/v1/zones?suppliers=10012", token: token).status == 200)
            #expect(clock.now - started >= .milliseconds(150))
        }
    }
}
