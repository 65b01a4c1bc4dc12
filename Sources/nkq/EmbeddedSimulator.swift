import NKQSimulator

/// The simulator nkq talks to when no other target is named, started in-process.
enum EmbeddedSimulator {
    /// Kept for the life of the process: it serves the whole session.
    @MainActor private static var server: SimulatorServer?

    @MainActor
    static func start() async throws -> (apiBaseURL: String, tokenURL: String) {
        if let server { return (server.apiBaseURL, server.tokenURL) }
        let started = try await SimulatorServer.start(SimulatorConfiguration())
        server = started
        return (started.apiBaseURL, started.tokenURL)
    }
}
