import NKQKit

/// Where the shell meets the rest of nkq: the target is started (the embedded simulator) and
/// the statement pipeline is built. The integration edits only this file.
enum Wiring {
    @MainActor
    static func connect(_ resolution: TargetResolver.Resolution, _ settings: ShellSettings) async throws -> (SessionTarget, any StatementEngine) {
        let target: SessionTarget
        switch resolution {
        case .remote(let remote):
            target = remote
        case .embeddedSimulator:
            // WIRING: start the simulator in-process (module NKQSimulator), e.g.
            //   let server = try await SimulatorServer.start(SimulatorConfiguration())
            //   target = .embeddedSimulator(apiBaseURL: server.apiBaseURL.absoluteString, tokenURL: server.tokenURL.absoluteString)
            throw ShellError("the embedded simulator is not wired into this build yet",
                             help: "use --endpoint with --token-url, or --profile NAME")
        }
        // WIRING: pass the planner + executor + renderers as a `StatementPipeline`.
        return (target, QueryEngine(pipeline: nil))
    }
}
