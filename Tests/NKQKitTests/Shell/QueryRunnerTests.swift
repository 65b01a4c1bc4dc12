import Foundation
import NKQSimulator
import Testing
@testable import NKQKit

/// The runner behind the shell, against the simulator over loopback.
@Suite(.timeLimit(.minutes(1))) struct QueryRunnerTests {
    @Test func theTargetIsConnectedByTheFirstStatementThatCallsTheAPI() async throws {
        let connects = Locked(0)
        let started = Locked<SimulatorServer?>(nil)
        let runner = QueryRunner(connect: {
            connects.withLock { $0 += 1 }
            let server = try await SimulatorServer.start(SimulatorConfiguration())
            started.withLock { $0 = server }
            return Target(apiBaseURL: server.apiBaseURL, tokenURL: server.tokenURL,
                          credentials: Credentials(clientID: "demo", clientSecret: "demo-secret"))
        })
        let engine = QueryEngine(pipeline: runner)
        let path = NSTemporaryDirectory() + "nkq-runner-\(UUID().uuidString).ndjson"
        try "{\"a\":1}\n{\"a\":2}\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try ShellOutput(standardOutput: FileOutput(path: "/dev/null"))

        func run(_ text: String) async -> StatementOutcome {
            let source = SourceText(text)
            return await engine.run(StatementText(source: source, span: SourceSpan(start: 0, end: source.characters.count)),
                                    settings: ShellSettings(), output: output)
        }
        // A file, explain and a parameter need no target.
        #expect(await run("get file '\(path)' | count").status == .ok)
        #expect(await run("explain get zones where supplier = 10012").status == .ok)
        #expect(await run("let s = 10012").status == .ok)
        #expect(connects.current == 0)
        #expect(runner.quota() == nil)
        // The first API statement connects; the next ones share the session and its quota.
        #expect(await run("get zones where supplier = $s | count").status == .ok)
        #expect(await run("get contracts where supplier = $s | count").status == .ok)
        #expect(connects.current == 1)
        #expect(runner.quota()?.remaining == 298)
        await started.current?.stop()
    }
}
