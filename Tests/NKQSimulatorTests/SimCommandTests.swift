import Foundation
import Testing

/// `nkq sim` as a process: the first line, flag validation, and per-request logging only with --verbose.
@Suite struct SimCommandTests {
    /// The `nkq` binary built next to the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nkq")
    }

    final class Output: @unchecked Sendable {
        let lock = NSLock()
        var data = Data()
        func append(_ chunk: Data) { lock.lock(); data.append(chunk); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }

    static func launch(_ arguments: [String]) throws -> (Process, Output, Output) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let out = Output(), err = Output()
        stdout.fileHandleForReading.readabilityHandler = { out.append($0.availableData) }
        stderr.fileHandleForReading.readabilityHandler = { err.append($0.availableData) }
        try process.run()
        return (process, out, err)
    }

    @Test func printsItsAddressFirstAndAnswersHTTP() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build nkq first: \(Self.binary.path)")
        let (process, out, err) = try Self.launch(["sim", "--port", "0", "--seed", "3", "--verbose"])
        defer { process.terminate(); process.waitUntilExit() }
        var line = ""
        for _ in 0..<100 where !out.text.contains("\n") { try await Task.sleep(for: .milliseconds(50)) }
        line = String(out.text.split(separator: "\n").first ?? "")
        #expect(line.hasPrefix("listening on http://127.0.0.1:"))
        let port = try #require(Int(line.split(separator: ":").last ?? ""))
        #expect(port > 0)
        let sim = SimulatorHarness(baseURL: "http://127.0.0.1:\(port)")
        let token = try await sim.token()
        let reply = try await sim.get("/nobbkontrakt/v1/zones?suppliers=10012", token: token)
        #expect(reply.status == 200)
        for _ in 0..<40 where !err.text.contains("/nobbkontrakt/v1/zones") { try await Task.sleep(for: .milliseconds(50)) }
        #expect(err.text.contains("GET /nobbkontrakt/v1/zones?suppliers=10012 200"))
        #expect(!err.text.contains("demo-secret"))
        #expect(!err.text.contains(token))
    }

    /// The first line's port, waiting up to 5 s for it.
    static func port(of out: Output) async throws -> Int {
        for _ in 0..<100 where !out.text.contains("\n") { try await Task.sleep(for: .milliseconds(50)) }
        let line = String(out.text.split(separator: "\n").first ?? "")
        #expect(line.hasPrefix("listening on http://127.0.0.1:"))
        return try #require(Int(line.split(separator: ":").last ?? ""))
    }

    @Test func servesTheFlagsOfWindowsVersionsAndSunsets() async throws {
        let (process, out, _) = try Self.launch([
            "sim", "--rate-limit", "1000/60,prices=2/60", "--no-ratelimit-headers", "zones",
            "--api-version", "prices=v2", "--sunset", "contracts=2027-06-01", "--retry-after",
        ])
        defer { process.terminate(); process.waitUntilExit() }
        let sim = SimulatorHarness(baseURL: "http://127.0.0.1:\(try await Self.port(of: out))")
        let token = try await sim.token()
        #expect(try await sim.get("/nobbkontrakt/v1/prices?suppliers=10012", token: token).status == 404)
        let prices = try await sim.get("/nobbkontrakt/v2/prices?suppliers=10012", token: token)
        #expect(prices.header("x-ratelimit-limit") == "2")
        #expect(try prices.objects().first?["productName"] != nil)
        _ = try await sim.get("/nobbkontrakt/v2/prices?suppliers=10012", token: token)
        let limited = try await sim.get("/nobbkontrakt/v2/prices?suppliers=10012", token: token)
        #expect(limited.status == 429)
        #expect(limited.header("retry-after") != nil)
        #expect(try await sim.get("/nobbkontrakt/v1/zones", token: token).header("x-ratelimit-limit") == nil)
        let contracts = try await sim.get("/nobbkontrakt/v1/contracts?count=1&page=1", token: token)
        #expect(contracts.header("sunset") == "Tue, 01 Jun 2027 00:00:00 GMT")
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func stopsGracefullyOnASignal(signal: Int32) async throws {
        let (process, out, _) = try Self.launch(["sim", "--port", "0"])
        defer { if process.isRunning { process.terminate() }; process.waitUntilExit() }
        _ = try await Self.port(of: out)
        kill(process.processIdentifier, signal)
        for _ in 0..<200 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "nkq sim still runs 10 s after signal \(signal)")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test(arguments: [
        (["sim", "--rate-limit", "abc"], "--rate-limit"),
        (["sim", "--rate-limit", "0/60"], "--rate-limit"),
        (["sim", "--fault-rate", "1.5"], "--fault-rate"),
        (["sim", "--port", "70000"], "--port"),
        (["sim", "--token-ttl", "0"], "--token-ttl"),
        (["sim", "--latency", "-1"], "--latency"),
        (["sim", "--rate-limit", "300/60,stock=5/60"], "--rate-limit"),
        (["sim", "--no-ratelimit-headers", "zones,stock"], "--no-ratelimit-headers"),
        (["sim", "--api-version", "prices=2"], "--api-version"),
        (["sim", "--sunset", "contracts=2027-02-30"], "--sunset"),
    ])
    func rejectsBadFlags(arguments: [String], flag: String) async throws {
        let (process, _, err) = try Self.launch(arguments)
        process.waitUntilExit()
        try await Task.sleep(for: .milliseconds(50))
        #expect(process.terminationStatus != 0)
        #expect(err.text.contains(flag), "\(err.text)")
    }
}
