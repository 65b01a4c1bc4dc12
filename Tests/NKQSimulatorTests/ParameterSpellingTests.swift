import Testing
@testable import NKQSimulator

@Suite struct ParameterSpellingTests {
    @Test func namesMatchCaseInsensitivelyAndListsMayRepeat() async throws {
        try await SimulatorHarness.run { sim in
            let token = try await sim.token()
            let canonical = try await sim.get("/nobbkontrakt/v1/contracts?count=10&page=1&suppliers=10012,10017", token: token)
            let spelled = try await sim.get("/nobbkontrakt/v1/contracts?Count=10&PAGE=1&suppliers=10012&Suppliers=10017", token: token)
            #expect(canonical.status == 200)
            #expect(spelled.body == canonical.body)
        }
    }
}
