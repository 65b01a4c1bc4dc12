import ArgumentParser
@preconcurrency import Foundation
import NKQSimulator

/// `nkq sim`: serves the NOBB Kontrakt API simulator until interrupted.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Serve the NOBB Kontrakt API simulator.",
        discussion: "Demo credentials: client id 'demo', secret 'demo-secret'. See docs/simulator.md."
    )

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "Seed of the generated dataset (same seed, same data).")
    var seed: UInt64 = 1

    @Option(name: .customLong("rate-limit"), help: "Calls per client and window, as N/SECONDS.")
    var rateLimit = "300/60"

    @Option(help: "Delay before every API answer, in milliseconds.")
    var latency = 0

    @Option(name: .customLong("fault-rate"), help: "Share of API calls (0 to 1) answered with 500 or 502.")
    var faultRate = 0.0

    @Option(name: .customLong("token-ttl"), help: "Lifetime of issued tokens, in seconds.")
    var tokenTTL = 3600

    @Flag(name: .customLong("retry-after"), help: "Add a Retry-After header to 429 answers.")
    var retryAfter = false

    @Flag(help: "Log every request to standard error.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535; got \(port).") }
        _ = try Self.parseRateLimit(rateLimit)
        guard latency >= 0 else { throw ValidationError("--latency must be 0 or more milliseconds; got \(latency).") }
        guard faultRate.isFinite, (0...1).contains(faultRate) else {
            throw ValidationError("--fault-rate must be between 0 and 1; got \(faultRate).")
        }
        guard tokenTTL >= 1 else { throw ValidationError("--token-ttl must be at least 1 second; got \(tokenTTL).") }
    }

    static func parseRateLimit(_ text: String) throws -> (limit: Int, seconds: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let limit = Int(parts[0]), let seconds = Int(parts[1]), limit >= 1, seconds >= 1 else {
            throw ValidationError("--rate-limit must be N/SECONDS with both at least 1, e.g. 300/60; got '\(text)'.")
        }
        return (limit, seconds)
    }

    func run() async throws {
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.seed = seed
        (configuration.rateLimit, configuration.rateWindowSeconds) = try Self.parseRateLimit(rateLimit)
        configuration.latencyMilliseconds = latency
        configuration.faultRate = faultRate
        configuration.tokenTTLSeconds = tokenTTL
        configuration.sendRetryAfter = retryAfter
        configuration.logRequests = verbose
        let server = try await SimulatorServer.start(configuration)
        print("listening on \(server.baseURL)")
        fflush(stdout)
        // Serve until the process is interrupted or terminated.
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
        await server.stop()
    }
}
