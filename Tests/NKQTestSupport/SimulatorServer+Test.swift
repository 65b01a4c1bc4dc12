import NKQSimulator

extension SimulatorServer {
    /// An in-process simulator that stops when the test ends (the test needs `.stopsServers`).
    public static func started(_ configuration: SimulatorConfiguration = SimulatorConfiguration()) async throws -> SimulatorServer {
        let server = try await start(configuration)
        ServersToStop.register { await server.stop() }
        return server
    }
}
