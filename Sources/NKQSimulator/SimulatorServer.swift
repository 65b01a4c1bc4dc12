import Hummingbird
import Logging

/// A running simulator: start it (port 0 picks a free port), talk HTTP to it, stop it. `serve`
/// runs one for a process's lifetime instead.
public final class SimulatorServer: Sendable {
    public enum StartError: Error, CustomStringConvertible {
        case stoppedBeforeListening
        /// `serve` could not bind (e.g. the port is taken).
        case cannotListen(String)

        public var description: String {
            switch self {
            case .stoppedBeforeListening: "the simulator stopped before it was listening"
            case .cannotListen(let reason): reason
            }
        }
    }

    public let port: Int
    public let configuration: SimulatorConfiguration
    private let task: Task<Void, Never>

    public var baseURL: String { Self.baseURL(configuration.host, port) }
    public var apiBaseURL: String { baseURL + "/nobbkontrakt" }
    public var tokenURL: String { baseURL + "/api/v1/token" }

    static func baseURL(_ host: String, _ port: Int) -> String { "http://\(host):\(port)" }

    private init(port: Int, configuration: SimulatorConfiguration, task: Task<Void, Never>) {
        self.port = port
        self.configuration = configuration
        self.task = task
    }

    /// The Hummingbird application of a simulator; `onServerRunning` gets the bound port.
    static func makeApplication(
        _ configuration: SimulatorConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        try configuration.validate()
        // Hummingbird logs one error line when cancelled; nothing below critical is of use here.
        var logger = Logger(label: "nkq.simulator")
        logger.logLevel = .critical
        return Application(
            router: SimulatorRouter.make(SimulatorState(configuration: configuration)),
            server: .http1(configuration: .init(
                idleTimeout: .milliseconds(Int64(max(0.001, min(configuration.idleTimeoutSeconds, 86_400)) * 1000)))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// Generates the dataset, binds and returns once the server accepts connections.
    public static func start(_ configuration: SimulatorConfiguration) async throws -> SimulatorServer {
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = try makeApplication(configuration) { port in continuation.yield(.success(port)) }
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

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully (requests in flight finish).
    /// `onListening` gets the base URL once the port is bound.
    public static func serve(
        _ configuration: SimulatorConfiguration, onListening: @escaping @Sendable (String) async -> Void
    ) async throws {
        // Holds one element once the port is bound, so that a failure can tell it came before.
        let (bound, binding) = AsyncStream<Void>.makeStream()
        let application = try makeApplication(configuration) { port in
            binding.yield()
            binding.finish()
            await onListening(baseURL(configuration.host, port))
        }
        do {
            try await application.runService()
        } catch {
            binding.finish()
            var wasBound = bound.makeAsyncIterator()
            guard await wasBound.next() != nil else { throw StartError.cannotListen("\(error)") }
            throw error
        }
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
