import CEditLine
import Foundation
import Testing
@testable import NKQKit

/// A pipeline that records the statements it is given and answers with the outcome the test
/// chose for each, so that the session's control flow (stop, go on, worst status, Ctrl-C) can be
/// driven exactly; the real pipeline is exercised end to end in NKQEndToEndTests.
private final class ScriptedPipeline: StatementPipeline, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String] = []
    let outcomes: [String: StatementOutcome]
    /// Statements that run until cancelled.
    let slow: Set<String>

    init(_ outcomes: [String: StatementOutcome] = [:], slow: Set<String> = []) {
        self.outcomes = outcomes
        self.slow = slow
    }

    var ran: [String] { lock.withLock { seen } }

    func run(_ statement: Statement, analysis: Analysis, source: SourceText, parameters: [String: Expr], settings: ShellSettings,
             output: ShellOutput) async -> StatementOutcome {
        let text = source.slice(statement.span)
        lock.withLock { seen.append(text) }
        if slow.contains(text) {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            return StatementOutcome(status: .interrupted, partial: true, stats: StatementStats(rows: 3, complete: false))
        }
        output.write("rows of \(text)\n")
        return outcomes[text] ?? StatementOutcome(status: .ok, stats: StatementStats(calls: 1, rows: 2))
    }

    func quota() -> QuotaSnapshot? { nil }
    func clearCache() async {}
}

@MainActor
@Suite(.serialized, .timeLimit(.minutes(1))) struct ShellSessionTests {
    private func temporaryFile(_ name: String) -> String {
        NSTemporaryDirectory() + "nkq-session-\(UUID().uuidString)-\(name)"
    }

    private func session(_ pipeline: ScriptedPipeline, _ settings: ShellSettings = ShellSettings(),
                         output: ShellOutput = ShellOutput()) -> ShellSession {
        ShellSession(settings: settings, engine: QueryEngine(pipeline: pipeline),
                     target: .embeddedSimulator(apiBaseURL: "http://127.0.0.1:1/nobbkontrakt", tokenURL: "http://127.0.0.1:1/api/v1/token"),
                     output: output)
    }

    private let failed = StatementOutcome(status: .failed, diagnostics: [.error(.runtime, "API said no", at: nil)])

    @Test func aScriptStopsAtTheFirstFailure() async {
        let pipeline = ScriptedPipeline(["get zones": failed])
        let result = await session(pipeline).run(SourceText("get contracts\nget zones\nget prices"), mode: .script)
        #expect(result.status == .failed)
        #expect(pipeline.ran == ["get contracts", "get zones"])
    }

    @Test func aStatementGoesOnInALineThatStartsWithAPipeOrAnd() async {
        let pipeline = ScriptedPipeline()
        let script = "get contracts\n  # filters follow\n  | where supplier = 1\n  and approved > 2024-01-01\n.format csv\nget zones\n| count\n"
        let result = await session(pipeline).run(SourceText(script), mode: .script)
        #expect(result.status == .ok)
        #expect(pipeline.ran == ["get contracts\n  # filters follow\n  | where supplier = 1\n  and approved > 2024-01-01",
                                 "get zones\n| count"])
    }

    @Test func continueOnErrorRunsEverythingAndKeepsTheWorst() async {
        let pipeline = ScriptedPipeline(["get zones": failed])
        var settings = ShellSettings()
        settings.continueOnError = true
        let result = await session(pipeline, settings).run(SourceText("get zones\nget contracts where\nget prices"), mode: .script)
        #expect(result.status == .refused)  // the syntax error outranks the API error
        #expect(pipeline.ran == ["get zones", "get prices"])
    }

    @Test func partialRowsDoNotStopAScriptButBudgetRefusalDoes() async {
        let partial = StatementOutcome(status: .partial, notes: ["partial: quota"], partial: true, stats: StatementStats(complete: false))
        let refused = StatementOutcome(status: .partial, diagnostics: [.error(.plan, "needs up to 40 calls; --max-calls is 10", at: nil)])
        let pipeline = ScriptedPipeline(["get zones": partial, "get prices": refused])
        let result = await session(pipeline).run(SourceText("get zones\nget contracts\nget prices\nget conditions"), mode: .script)
        #expect(result.status == .partial)
        #expect(pipeline.ran == ["get zones", "get contracts", "get prices"])
    }

    @Test func theREPLGoesOnAfterFailures() async {
        let pipeline = ScriptedPipeline(["get zones": failed])
        let result = await session(pipeline).run(SourceText("get zones\nget prices"), mode: .interactive)
        #expect(result.status == .failed)
        #expect(pipeline.ran == ["get zones", "get prices"])
    }

    @Test func statsFileGetsOneJSONLinePerStatement() async throws {
        let path = temporaryFile("stats.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var settings = ShellSettings()
        settings.statsFile = path
        let pipeline = ScriptedPipeline(["get zones": StatementOutcome(status: .ok, stats: StatementStats(
            calls: 3, retries: 1, throttled: 2, waitedSeconds: 1.25, cacheHits: 4, rows: 5, elapsedSeconds: 0.5, complete: true))])
        _ = await session(pipeline, settings).run(SourceText("get zones; let a = 1\nget prices"), mode: .script)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)  // `let` makes no call and writes no line
        #expect(lines.first == #"{"statement":"get zones","calls":3,"retries":1,"throttled":2,"waitedSeconds":1.25,"cacheHits":4,"rows":5,"elapsedSeconds":0.5,"complete":true}"#)
        let second = try JSONValue.parse(String(lines[1])).objectValue
        #expect(second?["statement"] == .string("get prices"))
        #expect(second?["rows"]?.numberValue?.int == 2)
        #expect((second?["elapsedSeconds"]?.doubleValue ?? -1) >= 0)
    }

    @Test func dotCommandsChangeTheSettings() async {
        let s = session(ScriptedPipeline())
        let result = await s.run(SourceText(".format csv\n.explain on\n.timing on\n.cache off\n"), mode: .script)
        #expect(result.status == .ok)
        #expect(s.settings.format == .csv)
        #expect(s.settings.explain)
        #expect(s.settings.timing)
        #expect(!s.settings.cacheEnabled)
    }

    @Test func unknownDotCommandIsRefusedAndStopsAScript() async {
        let pipeline = ScriptedPipeline()
        let result = await session(pipeline).run(SourceText(".fromat csv\nget zones"), mode: .script)
        #expect(result.status == .refused)
        #expect(pipeline.ran.isEmpty)
    }

    @Test func quitEndsTheRun() async {
        let pipeline = ScriptedPipeline()
        let result = await session(pipeline).run(SourceText("get zones\n.quit\nget prices"), mode: .script)
        #expect(result.quit)
        #expect(pipeline.ran == ["get zones"])
    }

    @Test func readRunsAFileAndOutputRedirectsRows() async throws {
        let script = temporaryFile("inner.nkq")
        let rows = temporaryFile("rows.txt")
        defer {
            try? FileManager.default.removeItem(atPath: script)
            try? FileManager.default.removeItem(atPath: rows)
        }
        try "#!/usr/bin/env -S nkq -f\nget zones\n".write(toFile: script, atomically: true, encoding: .utf8)
        let pipeline = ScriptedPipeline()
        let output = ShellOutput()
        let s = session(pipeline, output: output)
        let result = await s.run(SourceText(".output '\(rows)'\n.read \(script)\n.output\n"), mode: .script)
        #expect(result.status == .ok)
        #expect(pipeline.ran == ["get zones"])
        #expect(try String(contentsOfFile: rows, encoding: .utf8) == "rows of get zones\n")
        #expect(output.destination == nil)
    }

    @Test func readOfAMissingFileIsRefused() async {
        let result = await session(ScriptedPipeline()).run(SourceText(".read /nonexistent/x.nkq"), mode: .script)
        #expect(result.status == .refused)
    }

    @Test func ctrlCCancelsTheRunningStatementAndStopsTheScript() async {
        ce_install_sigint()
        let pipeline = ScriptedPipeline(slow: ["get contracts"])
        let s = session(pipeline)
        let interrupter = Task.detached {
            try? await Task.sleep(for: .milliseconds(150))
            kill(getpid(), SIGINT)
        }
        let result = await s.run(SourceText("get contracts\nget zones"), mode: .script)
        await interrupter.value
        #expect(result.status == .interrupted)
        #expect(pipeline.ran == ["get contracts"])
        #expect(s.lastStats?.stats.complete == false)
        signal(SIGINT, SIG_DFL)
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
