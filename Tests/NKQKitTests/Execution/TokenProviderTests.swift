import NKQSimulator
import NKQTestSupport
import Testing
@testable import NKQKit

/// The token provider against the in-process simulator over loopback, on a time the test moves
/// by hand: a token is reused until its refresh time and replaced then, before the server's
/// expiry, with no real waiting.
@Suite(.timeLimit(.minutes(1)), .stopsServers) struct TokenProviderTests {
    static func provider(tokenTTL: Int, time: ManualTime) async throws -> TokenProvider {
        var configuration = SimulatorConfiguration()
        configuration.tokenTTLSeconds = tokenTTL
        let simulator = try await SimulatorServer.started(configuration)
        let target = Target(apiBaseURL: simulator.apiBaseURL, tokenURL: simulator.tokenURL,
                            credentials: Credentials(clientID: "demo", clientSecret: "demo-secret"))
        return TokenProvider(target: target, transport: AsyncHTTPTransport(), time: time.source)
    }

    @Test func anHoursTokenIsReplacedAMinuteBeforeItExpires() async throws {
        let time = ManualTime()
        let tokens = try await Self.provider(tokenTTL: 3600, time: time)
        let first = try await tokens.token()
        #expect(first.refreshAt == time.now + .seconds(3540))
        time.advance(by: .seconds(3539))
        #expect(try await tokens.token() == first)
        #expect(await tokens.fetches == 1)
        time.advance(by: .seconds(1))
        let second = try await tokens.token()
        #expect(second.value != first.value)
        #expect(second.refreshAt == time.now + .seconds(3540))
        #expect(await tokens.fetches == 2)
        #expect(try await tokens.token() == second)
    }

    @Test func aShortLivedTokenIsReplacedInItsLastTenth() async throws {
        let time = ManualTime()
        let tokens = try await Self.provider(tokenTTL: 2, time: time)
        let first = try await tokens.token()
        time.advance(by: .milliseconds(1700))
        #expect(try await tokens.token() == first)
        time.advance(by: .milliseconds(200))  // 1.9 s: past the refresh at 1.8 s, before the expiry at 2 s
        #expect(try await tokens.token() != first)
        #expect(await tokens.fetches == 2)
    }
}
