import Synchronization
import Testing

/// Servers a test starts are stopped when the test ends, and the test is not over until they
/// have stopped (no stop left to an unstructured Task). Servers register themselves with
/// `ServersToStop.register` when they start inside a test that has this trait.
public struct StopsServers: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }  // the suite itself: nothing to scope
        let servers = ServersToStop()
        try await ServersToStop.$current.withValue(servers) {
            do {
                try await function()
            } catch {
                await servers.stopAll()
                throw error
            }
            await servers.stopAll()
        }
    }
}

extension Trait where Self == StopsServers {
    /// See `StopsServers`.
    public static var stopsServers: Self { StopsServers() }
}

/// The stops of the servers one test started, run in reverse order when it ends.
public final class ServersToStop: Sendable {
    @TaskLocal static var current: ServersToStop?

    private let stops = Mutex<[@Sendable () async -> Void]>([])

    /// Registers `stop` with the running test; a test without `.stopsServers` is told so.
    public static func register(_ stop: @escaping @Sendable () async -> Void) {
        guard let current else {
            Issue.record("a server was started in a test without the .stopsServers trait; it would not be stopped")
            return
        }
        current.stops.withLock { $0.append(stop) }
    }

    func stopAll() async {
        let all = stops.withLock { stops in
            defer { stops.removeAll() }
            return stops
        }
        for stop in all.reversed() { await stop() }
    }
}
