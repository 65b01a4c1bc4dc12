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

    @Test(arguments: [
        (["sim", "--rate-limit", "abc"], "--rate-limit"),
        (["sim", "--rate-limit", "0/60"], "--rate-limit"),
        (["sim", "--fault-rate", "1.5"], "--fault-rate"),
        (["sim", "--port", "70000"], "--port"),
        (["sim", "--token-ttl", "0"], "--token-ttl"),
        (["sim", "--latency", "-1"], "--latency"),
    ])
    func rejectsBadFlags(arguments: [String], flag: String) async throws {
        let (process, _, err) = try Self.launch(arguments)
        process.waitUntilExit()
        try await Task.sleep(for: .milliseconds(50))
        #expect(process.terminationStatus != 0)
        #expect(err.text.contains(flag), "\(err.text)")
    }
}
