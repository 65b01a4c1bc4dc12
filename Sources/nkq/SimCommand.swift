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

    @Option(
        name: .customLong("rate-limit"),
        help: ArgumentHelp(
            "Rate-limit windows: N/SECONDS for the client-level window, RESOURCE=N/SECONDS for an endpoint's own, comma-separated.",
            valueName: "windows"))
    var rateLimit = "300/60"

    @Option(
        name: .customLong("no-ratelimit-headers"),
        help: ArgumentHelp("Endpoints that answer without x-ratelimit-* headers, comma-separated.", valueName: "resources"))
    var noRateLimitHeaders: [String] = []

    /// Shared with nkq's own `--api-version`, which the parent command parses first.
    @OptionGroup var apiVersions: APIVersionOptions

    @Option(
        help: ArgumentHelp(
            "Announce the end of a resource's version with Deprecation and Sunset headers, as RESOURCE=YYYY-MM-DD (repeatable).",
            valueName: "resource=date"))
    var sunset: [String] = []

    @Option(help: "Delay before every API answer, in milliseconds.")
    var latency = 0

    @Option(name: .customLong("fault-rate"), help: "Share of API calls (0 to 1) answered with 500 or 502.")
    var faultRate = 0.0

    @Option(name: .customLong("token-ttl"), help: "Lifetime of issued tokens, in seconds.")
    var tokenTTL = 3600

    @Option(name: .customLong("idle-timeout"),
            help: "Close a connection that sends nothing (or no complete request head) for this many seconds.")
    var idleTimeout = 30.0

    @Flag(name: .customLong("retry-after"), help: "Add a Retry-After header to 429 answers.")
    var retryAfter = false

    @Flag(help: "Log every request to standard error.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535; got \(port).") }
        guard latency >= 0 else { throw ValidationError("--latency must be 0 or more milliseconds; got \(latency).") }
        guard faultRate.isFinite, (0...1).contains(faultRate) else {
            throw ValidationError("--fault-rate must be between 0 and 1; got \(faultRate).")
        }
        guard idleTimeout.isFinite, (0.1...86_400).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout must be between 0.1 and 86400 seconds; got \(idleTimeout).")
        }
        guard tokenTTL >= 1 else { throw ValidationError("--token-ttl must be at least 1 second; got \(tokenTTL).") }
        _ = try simulatorConfiguration()
    }

    /// The flags as a configuration; a flag that cannot be read is a validation error naming it.
    func simulatorConfiguration() throws -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.seed = seed
        configuration.latencyMilliseconds = latency
        configuration.faultRate = faultRate
        configuration.tokenTTLSeconds = tokenTTL
        configuration.sendRetryAfter = retryAfter
        configuration.logRequests = verbose
        configuration.idleTimeoutSeconds = idleTimeout
        do {
            try configuration.setRateLimits(rateLimit)
            for list in noRateLimitHeaders { try configuration.setResourcesWithoutRateLimitHeaders(list) }
            for assignment in apiVersions.assignments { try configuration.setAPIVersion(assignment) }
            for assignment in sunset { try configuration.setSunset(assignment) }
        } catch let error as SimulatorConfiguration.FlagError {
            throw ValidationError(error.description)
        }
        return configuration
    }

    func run() async throws {
        let configuration = try simulatorConfiguration()
        do {
            try await SimulatorServer.serve(configuration) { baseURL in
                print("listening on \(baseURL)")
                fflush(stdout)
            }
        } catch SimulatorServer.StartError.cannotListen(let reason) {
            throw StartFailure(message: "cannot listen on \(configuration.host):\(port): \(reason)")
        }
    }
}

/// Why the simulator could not start (e.g. the port is taken), printed by ArgumentParser.
struct StartFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
