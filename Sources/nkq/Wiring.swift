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
        let runner: QueryRunner
        let cache = ResponseCache(ttl: settings.cacheTTL, folder: settings.cacheFolder.flatMap { CacheFolder(path: $0) })
        switch resolution {
        case .remote(let remote):
            target = remote
            runner = QueryRunner(target: apiTarget(remote), cache: cache)
        case .embeddedSimulator where settings.isInteractive:
            // The REPL: started now, so that its banner can say where.
            let server = try await startEmbedded()
            target = .embeddedSimulator(apiBaseURL: server.apiBaseURL, tokenURL: server.tokenURL)
            runner = QueryRunner(target: apiTarget(target), cache: cache)
        case .embeddedSimulator:
            // Scripts: started by the first statement that calls the API, if any.
            target = .embeddedSimulatorOnFirstCall()
            runner = QueryRunner(connect: {
                let server = try await startEmbedded()
                var started = target
                (started.apiBaseURL, started.tokenURL) = (server.apiBaseURL, server.tokenURL)
                return apiTarget(started)
            }, cache: cache)
        }
        return (target, QueryEngine(pipeline: runner))
    }

    @MainActor
    private static func startEmbedded() async throws -> SimulatorServer {
        if let embedded { return embedded }
        let server = try await SimulatorServer.start(SimulatorConfiguration())
        embedded = server
        return server
    }

    private static func apiTarget(_ target: SessionTarget) -> Target {
        // The embedded simulator's port changes with each run, its data does not: its cached
        // answers serve the next process too.
        let embedded = target.kind == .embeddedSimulator || target.kind == .embeddedSimulatorOnFirstCall
        return Target(apiBaseURL: target.apiBaseURL, tokenURL: target.tokenURL,
                      credentials: Credentials(clientID: target.clientID, clientSecret: target.clientSecret.reveal(), scope: target.scope),
                      cacheName: embedded ? "embedded simulator" : nil)
    }
}
