import Foundation
import NKQSimulator
import NKQTestSupport
import Testing

/// `nkq sim` as a process: the first line, flag validation, and per-request logging only with --verbose.
@Suite struct SimCommandTests {
    @Test func printsItsAddressFirstAndAnswersHTTP() async throws {
        // SimProcess reads the first line, which must be the address, before it returns.
        let process = try SimProcess(["--seed", "3", "--verbose"])
        #expect(process.port > 0)
        let sim = SimulatorHarness(baseURL: process.baseURL)
        let token = try await sim.token()
        let reply = try await sim.get("/nobbkontrakt/v1/zones?suppliers=10012", token: token)
        #expect(reply.status == 200)
        #expect(await eventually(within: .seconds(30)) { process.standardError.contains("/nobbkontrakt/v1/zones") })
        #expect(process.standardError.contains("GET /nobbkontrakt/v1/zones?suppliers=10012 200"))
        #expect(!process.standardError.contains("demo-secret"))
        #expect(!process.standardError.contains(token))
    }

    @Test func servesTheFlagsOfWindowsVersionsAndSunsets() async throws {
        let process = try SimProcess([
            "--rate-limit", "1000/60,prices=2/60", "--no-ratelimit-headers", "zones",
            "--api-version", "prices=v2", "--sunset", "contracts=2027-06-01", "--retry-after",
        ])
        let sim = SimulatorHarness(baseURL: process.baseURL)
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: NKQBinary.path)
        process.arguments = ["sim", "--port", "0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        // The first line comes once it listens.
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("listening on "))
        kill(process.processIdentifier, signal)
        #expect(await eventually(within: .seconds(30)) { !process.isRunning }, "nkq sim still runs after signal \(signal)")
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test(arguments: [
        (["sim", "--rate-limit", "abc"], "--rate-limit"),
        (["sim", "--rate-limit", "0/60"], "--rate-limit"),
        (["sim", "--fault-rate", "1.5"], "--fault-rate"),
        (["sim", "--port", "70000"], "--port"),
        (["sim", "--token-ttl", "0"], "--token-ttl"),
        (["sim", "--latency", "-1"], "--latency"),
        (["sim", "--idle-timeout", "0"], "--idle-timeout"),
        (["sim", "--rate-limit", "300/60,stock=5/60"], "--rate-limit"),
        (["sim", "--no-ratelimit-headers", "zones,stock"], "--no-ratelimit-headers"),
        (["sim", "--api-version", "prices=2"], "--api-version"),
        (["sim", "--sunset", "contracts=2027-02-30"], "--sunset"),
    ])
    func rejectsBadFlags(arguments: [String], flag: String) async throws {
        let result = try await NKQProcess().run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(flag), "\(result.stderr)")
    }

    @Test(.stopsServers) func aPortInUseIsSaidAndEndsTheCommand() async throws {
        let holder = try await SimulatorServer.started()
        let result = try await NKQProcess().run(["sim", "--port", String(holder.port)])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot listen on 127.0.0.1:\(holder.port)"), "\(result.stderr)")
        #expect(!result.stdout.contains("listening on"))
    }
}
