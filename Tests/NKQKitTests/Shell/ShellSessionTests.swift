import CEditLine
import Foundation
import NKQSimulator
import Testing
import NKQTestSupport
@testable import NKQKit

/// The session's control flow (stop, go on, worst status, Ctrl-C, dot-commands) through the
/// real runner: rows from files, which need no target, and from the in-process simulator or a
/// scripted server where a statement must call the API.
@MainActor
@Suite(.serialized, .timeLimit(.minutes(1)), .stopsServers) struct ShellSessionTests {
    /// Rows files, a session writing its rows as NDJSON to a file, and what it wrote.
    @MainActor final class Harness {
        /// Removed with the harness.
        private let temporary: TemporaryFolder
        let folder: String
        let rowsPath: String
        let output: ShellOutput
        let session: ShellSession

        init(_ settings: ShellSettings = ShellSettings(), connection: StatementRunner.Connection = .target(Harness.nowhere)) throws {
            temporary = TemporaryFolder("session")
            folder = temporary.path
            rowsPath = folder + "/rows.ndjson"
            _ = FileManager.default.createFile(atPath: rowsPath, contents: nil)
            output = ShellOutput(standardOutput: try FileOutput(path: rowsPath))
            var settings = settings
            if settings.format == nil { settings.format = .ndjson }
            session = ShellSession(settings: settings, runner: StatementRunner(connection), output: output)
        }

        /// A target no statement of these tests reaches.
        static let nowhere = Target(apiBaseURL: "http://127.0.0.1:9/nobbkontrakt", tokenURL: "http://127.0.0.1:9/api/v1/token",
                                    credentials: Credentials(clientID: "demo", clientSecret: "demo-secret"))

        /// Writes `{"file":"NAME"}` to NAME.ndjson and returns the statement that reads it.
        func file(_ name: String) -> String {
            let path = folder + "/\(name).ndjson"
            _ = FileManager.default.createFile(atPath: path, contents: Data("{\"file\":\"\(name)\"}\n".utf8))
            return "get file '\(path)'"
        }

        /// A statement that fails at run time (exit 1): its file does not exist.
        var missing: String { "get file '\(folder)/missing.ndjson'" }

        /// The rows written, one NDJSON line each.
        var lines: [String] {
            ((try? String(contentsOfFile: rowsPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        /// The files whose rows were written, in order.
        var ran: [String] {
            lines.compactMap { (try? JSONValue.parse($0))?["file"].stringValue }
        }

        func run(_ text: String, mode: ShellSession.Mode = .script) async -> ShellSession.Result {
            await session.run(SourceText(text), mode: mode)
        }
    }

    @Test func aScriptStopsAtTheFirstFailure() async throws {
        let h = try Harness()
        let result = await h.run("\(h.file("a"))\n\(h.missing)\n\(h.file("c"))")
        #expect(result.status == .failed)
        #expect(h.ran == ["a"])
    }

    @Test func aStatementGoesOnInALineThatStartsWithAPipeOrAnd() async throws {
        let h = try Harness()
        let script = "\(h.file("a"))\n  # filters follow\n  | where file = 'a'\n  and file != 'b'\n.format ndjson\n\(h.file("b"))\n| select file\n"
        let result = await h.run(script)
        #expect(result.status == .ok)
        #expect(h.ran == ["a", "b"])
        #expect(h.session.lastStats?.statement == "\(h.file("b"))\n| select file")
    }

    @Test func continueOnErrorRunsEverythingAndKeepsTheWorst() async throws {
        var settings = ShellSettings()
        settings.continueOnError = true
        let h = try Harness(settings)
        let result = await h.run("\(h.missing)\nget contracts where\n\(h.file("c"))")
        #expect(result.status == .refused)  // the syntax error outranks the failed read
        #expect(h.ran == ["c"])
    }

    @Test func partialRowsDoNotStopAScriptButBudgetRefusalDoes() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = 3
        let server = try await SimulatorServer.started(configuration)
        var settings = ShellSettings()
        settings.onLimit = .partial
        let h = try Harness(settings, connection: .target(.embeddedSimulator(apiBaseURL: server.apiBaseURL, tokenURL: server.tokenURL)))
        // Three pages, then the quota is gone: partial rows, and the script goes on.
        let partial = await h.run("get contracts where supplier = 10004\n\(h.file("b"))")
        #expect(partial.status == .partial)
        #expect(h.lines.count == 31)
        #expect(h.ran == ["b"])
        // A plan larger than --max-calls is refused before any call, and stops the script.
        h.session.settings.maxCalls = 1
        let refused = await h.run("get contracts\n\(h.file("c"))")
        #expect(refused.status == .partial)
        #expect(h.ran.last == "b")
    }

    @Test func theREPLGoesOnAfterFailures() async throws {
        let h = try Harness()
        let result = await h.run("\(h.missing)\n\(h.file("b"))", mode: .interactive)
        #expect(result.status == .failed)
        #expect(h.ran == ["b"])
    }

    @Test func statsFileGetsOneJSONLinePerStatement() async throws {
        let h = try Harness()
        h.session.settings.statsFile = h.folder + "/stats.jsonl"
        let first = h.file("a")
        _ = await h.run("\(first); let a = 1\n\(h.file("b")) | count")
        let lines = try String(contentsOfFile: h.folder + "/stats.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)  // `let` makes no call and writes no line
        let stats = try lines.map { try JSONValue.parse(String($0)).objectValue }
        #expect(stats.first??["statement"] == .string(first))
        #expect(stats.first??["calls"]?.numberValue?.int == 0)
        #expect(stats.last??["rows"]?.numberValue?.int == 1)
        #expect(stats.last??["complete"] == .bool(true))
        #expect((stats.last??["elapsedSeconds"]?.doubleValue ?? -1) >= 0)
    }

    @Test func dotCommandsChangeTheSettings() async throws {
        let h = try Harness()
        let result = await h.run(".format csv\n.explain on\n.timing on\n.cache off\n")
        #expect(result.status == .ok)
        #expect(h.session.settings.format == .csv)
        #expect(h.session.settings.explain)
        #expect(h.session.settings.timing)
        #expect(!h.session.settings.cacheEnabled)
    }

    @Test func unknownDotCommandIsRefusedAndStopsAScript() async throws {
        let h = try Harness()
        let result = await h.run(".fromat csv\n\(h.file("a"))")
        #expect(result.status == .refused)
        #expect(h.ran.isEmpty)
    }

    @Test func quitEndsTheRun() async throws {
        let h = try Harness()
        let result = await h.run("\(h.file("a"))\n.quit\n\(h.file("b"))")
        #expect(result.quit)
        #expect(h.ran == ["a"])
    }

    @Test func readRunsAFileAndOutputRedirectsRows() async throws {
        let h = try Harness()
        let script = h.folder + "/inner.nkq"
        let redirected = h.folder + "/redirected.txt"
        try "#!/usr/bin/env -S nkq -f\n\(h.file("a"))\n".write(toFile: script, atomically: true, encoding: .utf8)
        let result = await h.run(".output '\(redirected)'\n.read \(script)\n.output\n")
        #expect(result.status == .ok)
        #expect(try String(contentsOfFile: redirected, encoding: .utf8) == "{\"file\":\"a\"}\n")
        #expect(h.ran.isEmpty)
        #expect(h.output.destination == nil)
    }

    @Test func readOfAMissingFileIsRefused() async throws {
        let result = try await Harness().run(".read /nonexistent/x.nkq")
        #expect(result.status == .refused)
    }

    @Test func cacheClearIsDoneBeforeTheNextStatement() async throws {
        let server = try await SimulatorServer.started()
        let h = try Harness(connection: .target(.embeddedSimulator(apiBaseURL: server.apiBaseURL, tokenURL: server.tokenURL)))
        let statement = "get zones where supplier = 10012 | count"
        _ = await h.run("\(statement)\n\(statement)")
        #expect(h.session.lastStats?.stats.calls == 0)
        #expect((h.session.lastStats?.stats.cacheHits ?? 0) >= 1)
        _ = await h.run(".cache clear\n\(statement)")
        #expect(h.session.lastStats?.stats.cacheHits == 0)
        #expect((h.session.lastStats?.stats.calls ?? 0) >= 1)
    }

    @Test func ctrlCCancelsTheRunningStatementAndStopsTheScript() async throws {
        // The API holds its answer until the test lets go, so the statement is surely running
        // (its call has arrived) when Ctrl-C comes: no guess at how long it takes to get there.
        let (release, releaser) = AsyncStream<Void>.makeStream()
        let server = try await ScriptedServer.start { _ in
            for await _ in release {}
            return .ids([])
        }
        ce_install_sigint()
        defer { signal(SIGINT, SIG_DFL) }
        let h = try Harness(connection: .target(Target(apiBaseURL: server.apiBaseURL, tokenURL: server.tokenURL,
                                                       credentials: Credentials(clientID: "demo", clientSecret: "demo-secret"))))
        let interrupter = Task.detached {
            _ = await eventually(within: .seconds(30)) { !server.requests.isEmpty }
            kill(getpid(), SIGINT)
        }
        let result = await h.run("get contracts where supplier = 10012\n\(h.file("b"))")
        await interrupter.value
        #expect(result.status == .interrupted)
        #expect(server.requests.count == 1)
        #expect(h.ran.isEmpty)
        #expect(h.session.lastStats?.stats.complete == false)
        releaser.finish()
    }

    @Test func worstStatusOrder() {
        #expect(ExitStatus.ok.worst(.partial) == .partial)
        #expect(ExitStatus.partial.worst(.failed) == .failed)
        #expect(ExitStatus.failed.worst(.refused) == .refused)
        #expect(ExitStatus.unauthorized.worst(.refused) == .unauthorized)
        #expect(ExitStatus.interrupted.worst(.unauthorized) == .interrupted)
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 130])
    }

    @Test func dotCommandParsing() {
        #expect(DotCommand(parsing: ".read 'my file.nkq'") == DotCommand(name: "read", arguments: ["my file.nkq"]))
        #expect(DotCommand(parsing: ".FORMAT  csv ") == DotCommand(name: "format", arguments: ["csv"]))
        #expect(DotCommand(parsing: ".output ''")?.arguments == [""])
        #expect(DotCommand(parsing: ".read 'open") == nil)
    }
}
