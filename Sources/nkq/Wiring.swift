import NKQKit
import NKQSimulator

/// Where the shell meets the rest of nkq: the target is started (the embedded simulator) and
/// the statement pipeline is built.
enum Wiring {
    /// Kept for the life of the process: the embedded simulator serves the whole session.
    @MainActor static var embedded: SimulatorServer?

    @MainActor
    static func connect(_ resolution: TargetResolver.Resolution, _ settings: ShellSettings) async throws -> (SessionTarget, any StatementEngine) {
        let target: SessionTarget
        switch resolution {
        case .remote(let remote):
            target = remote
        case .embeddedSimulator:
            let server = try await SimulatorServer.start(SimulatorConfiguration())
            embedded = server
            target = .embeddedSimulator(apiBaseURL: server.apiBaseURL, tokenURL: server.tokenURL)
        }
        let apiTarget = Target(
            apiBaseURL: target.apiBaseURL, tokenURL: target.tokenURL,
            credentials: Credentials(clientID: target.clientID, clientSecret: target.clientSecret.reveal(), scope: target.scope))
        return (target, QueryEngine(pipeline: QueryRunner(target: apiTarget)))
    }
}
