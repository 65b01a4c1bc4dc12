import Hummingbird
import Logging

/// A running simulator: start it (port 0 picks a free port), talk HTTP to it, stop it.
public final class SimulatorServer: Sendable {
    public enum StartError: Error, CustomStringConvertible {
        case stoppedBeforeListening

        public var description: String { "the simulator stopped before it was listening" }
    }

    public let port: Int
    public let configuration: SimulatorConfiguration
    private let task: Task<Void, Never>

    public var baseURL: String { "http://\(configuration.host):\(port)" }
    public var apiBaseURL: String { baseURL + "/nobbkontrakt" }
    public var tokenURL: String { baseURL + "/api/v1/token" }

    private init(port: Int, configuration: SimulatorConfiguration, task: Task<Void, Never>) {
        self.port = port
        self.configuration = configuration
        self.task = task
    }

    /// Generates the dataset, binds and returns once the server accepts connections.
    public static func start(_ configuration: SimulatorConfiguration) async throws -> SimulatorServer {
        let dataset = SimulatorDataset(seed: configuration.seed)
        // Hummingbird logs one error line when cancelled; nothing below critical is of use here.
        var logger = Logger(label: "nkq.simulator")
        logger.logLevel = .critical
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = Application(
            responder: SimulatorResponder(configuration: configuration, dataset: dataset),
            server: .http1(configuration: .init(
                idleTimeout: .milliseconds(Int64(max(0.001, min(configuration.idleTimeoutSeconds, 86_400)) * 1000)))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                continuation.yield(.success(channel.localAddress?.port ?? configuration.port))
            },
            logger: logger)
        let task = Task<Void, Never> {
            do {
                try await application.run()
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        for await event in events {
            switch event {
            case .success(let port):
                return SimulatorServer(port: port, configuration: configuration, task: task)
            case .failure(let error):
                throw error
            }
        }
        throw StartError.stoppedBeforeListening
    }

    /// A server nobody stops still ends with its last reference.
    deinit {
        task.cancel()
    }

    /// Stops accepting connections and waits until the server has shut down.
    public func stop() async {
        task.cancel()
        await task.value
    }
}
