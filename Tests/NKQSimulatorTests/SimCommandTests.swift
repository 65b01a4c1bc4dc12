import Foundation
import NKQTestSupport
import Testing

/// `nkq sim` as a process: the first line, flag validation, and per-request logging only with --verbose.
@Suite struct SimCommandTests {
    @Test func printsItsAddressFirstAndAnswersHTTP() async throws {
        // SimProcess reads the first line, which must be the address, before it returns.
        let process = try SimProcess(["--seed", "3", "--verbose"])
        #expect(process.port > 0)
        let sim = SimulatorHarness(baseURL: process.baseURL)
        let token = try await sim.token()
        let reply = try await sim.get("/nobbkontrakt/v1/zones?suppliers=10012", token: token)
        #expect(reply.status == 200)
        #expect(await eventually(within: .seconds(30)) { process.standardError.contains("/nobbkontrakt/v1/zones") })
        #expect(process.standardError.contains("GET /nobbkontrakt/v1/zones?suppliers=10012 200"))
        #expect(!process.standardError.contains("demo-secret"))
        #expect(!process.standardError.contains(token))
    }

    @Test(arguments: [
        (["sim", "--rate-limit", "abc"], "--rate-limit"),
        (["sim", "--rate-limit", "0/60"], "--rate-limit"),
        (["sim", "--fault-rate", "1.5"], "--fault-rate"),
        (["sim", "--port", "70000"], "--port"),
        (["sim", "--token-ttl", "0"], "--token-ttl"),
        (["sim", "--latency", "-1"], "--latency"),
    ])
    func rejectsBadFlags(arguments: [String], flag: String) throws {
        let result = try NKQProcess().run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(flag), "\(result.stderr)")
    }
}
