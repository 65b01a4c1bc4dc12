import Foundation
import NKQSimulator
import Synchronization
import Testing
import NKQTestSupport
@testable import NKQKit

/// The runner of a session's statements: parameters, `let`, completion, errors pointing into
/// the whole script, and the target connected by the first statement that calls the API.
@Suite(.timeLimit(.minutes(1)), .stopsServers) struct StatementRunnerTests {
    /// A runner whose target no test here reaches.
    let runner = StatementRunner(.target(Target(apiBaseURL: "http://127.0.0.1:9/nobbkontrakt", tokenURL: "http://127.0.0.1:9/api/v1/token",
                                                credentials: Credentials(clientID: "demo", clientSecret: "demo-secret"))))

    /// Runs every statement of `text` in order; the outcome of the last.
    @discardableResult
    func run(_ text: String, on runner: StatementRunner? = nil, output: ShellOutput = ShellOutput()) async -> StatementOutcome {
        let source = SourceText(text)
        var outcome = StatementOutcome.ok
        for entry in Parser.parseScript(source).entries {
            outcome = await (runner ?? self.runner).run(entry, in: source, settings: ShellSettings(), output: output)
        }
        return outcome
    }

    @Test func continuationFollowsTheLanguage() {
        #expect(StatementSplitter.openState("get contracts").isComplete)
        #expect(StatementSplitter.openState("get contracts |") == .pipe)
        #expect(StatementSplitter.openState("let a = (1,") == .parenthesis(depth: 1))
        #expect(StatementSplitter.openState("let s = 'open") == .string(quote: "'"))
        #expect(StatementSplitter.openState("").isComplete)
    }

    @Test func statementsAreCutAtSemicolonsAndLineEnds() {
        let source = SourceText("let a = 1; let b = 2\n# comment\n\nget contracts\n  | limit 3")
        let spans = Parser.parseScript(source).entries.map(\.span)
        #expect(spans.map(source.slice) == ["let a = 1", "let b = 2", "get contracts\n  | limit 3"])
        // A region of the script parses alone, with offsets in the whole script.
        let region = SourceSpan(start: 21, end: source.characters.count)  // from the comment line on
        #expect(Parser.parseScript(source, in: region).entries.map { source.slice($0.span) } == ["get contracts\n  | limit 3"])
    }

    @Test func parametersAreLiteralsOrStrings() {
        #expect(runner.bind(.init(name: "n", value: "10012")) == nil)
        #expect(runner.bind(.init(name: "$list", value: "(1, 2)")) == nil)
        #expect(runner.bind(.init(name: "day", value: "2024-01-31")) == nil)
        #expect(runner.bind(.init(name: "town", value: "Ålesund sentrum")) == nil)
        let values = runner.parameterValues
        guard case .integer(10012, _)? = values["n"] else { Issue.record("n: \(String(describing: values["n"]))"); return }
        guard case .list(let items, _)? = values["list"], items.count == 2 else { Issue.record("list"); return }
        guard case .date(2024, 1, 31, _)? = values["day"] else { Issue.record("day"); return }
        guard case .string("Ålesund sentrum", _)? = values["town"] else { Issue.record("town"); return }
        #expect(runner.parameters().map(\.name) == ["n", "list", "day", "town"])
        #expect(runner.parameters().last?.value == "'Ålesund sentrum'")
    }

    /// A list may be written without its parentheses when every item is a value; other text
    /// with commas stays text.
    @Test func parameterListsWithoutParentheses() {
        #expect(runner.bind(.init(name: "s", value: "10012,10017")) == nil)
        #expect(runner.bind(.init(name: "names", value: "'a', 'b'")) == nil)
        #expect(runner.bind(.init(name: "town", value: "Oslo, Bergen")) == nil)
        #expect(runner.bind(.init(name: "mixed", value: "1, Bergen")) == nil)
        let values = runner.parameterValues
        guard case .list(let numbers, _)? = values["s"], numbers.count == 2, case .integer(10012, _) = numbers[0],
              case .integer(10017, _) = numbers[1] else { Issue.record("s: \(String(describing: values["s"]))"); return }
        guard case .list(let names, _)? = values["names"], case .string("b", _) = names[1] else { Issue.record("names"); return }
        guard case .string("Oslo, Bergen", _)? = values["town"] else { Issue.record("town"); return }
        guard case .string("1, Bergen", _)? = values["mixed"] else { Issue.record("mixed"); return }
        #expect(runner.parameters().first?.value == "(10012,10017)")
    }

    @Test func badParameterNameIsRefused() {
        let problem = runner.bind(.init(name: "1x", value: "2"))
        #expect(problem?.message == "'1x' is not a parameter name")
    }

    @Test func letBindsAndRebinds() async {
        let source = SourceText("let a = 5\nlet b = $a\nlet a = 'x'")
        for entry in Parser.parseScript(source).entries {
            let outcome = await runner.run(entry, in: source, settings: ShellSettings(), output: ShellOutput())
            #expect(outcome.status == .ok)
            #expect(outcome.stats == nil)
        }
        #expect(runner.parameters().map(\.name) == ["a", "b"])
        #expect(runner.parameters().map(\.value) == ["'x'", "5"])
    }

    @Test func syntaxErrorIsRefusedWithSpanInTheWholeScript() async {
        let source = SourceText("let a = 1\nget contracts where æøå =", name: "s.nkq")
        let entries = Parser.parseScript(source).entries
        let outcome = await runner.run(entries[1], in: source, settings: ShellSettings(), output: ShellOutput())
        #expect(outcome.status == .refused)
        let rendered = DiagnosticRenderer().render(outcome.diagnostics, in: source)
        #expect(rendered.contains("--> s.nkq:2:"), "\(rendered)")
        #expect(rendered.contains("2 | get contracts where æøå ="))
    }

    @Test func unboundParameterInLetIsRefused() async {
        let outcome = await run("let a = $nope")
        #expect(outcome.status == .refused)
        #expect(outcome.diagnostics.first?.message == "unknown parameter '$nope'")
        #expect(outcome.diagnostics.first?.span == SourceSpan(start: 8, end: 13))
    }

    private func candidates(_ text: String) -> [String] {
        runner.completions(in: text, cursor: text.count).candidates
    }

    @Test func completesSourcesAfterGet() {
        #expect(candidates("get con") == ["contracts", "conditions"])
        #expect(candidates("get cont") == ["contracts"])
        #expect(runner.completions(in: "get cont", cursor: 8).start == 4)
    }

    @Test func completesFieldsOfTheSourceInHand() {
        #expect(candidates("get contracts where suppl") == ["supplier"])
        #expect(candidates("get prices where purchasePrice.va") == ["purchasePrice.value"])
        #expect(candidates("get contracts | select contr").contains("contractId"))
    }

    @Test func completesKeywordsAndStatementStarts() {
        #expect(candidates("") == ["get", "explain", "let"])
        #expect(candidates("get contracts wh") == ["where"])
        #expect(candidates("get contracts\nge") == ["get"])
        #expect(candidates("let a = 1; ex") == ["explain"])
    }

    @Test func completesEnumerationValues() {
        #expect(candidates("get conditions where level = ").contains("'productGroup'"))
    }

    @Test func completesDotCommandsAndTheirArguments() {
        let completer = REPLCompleter(runner: runner)
        #expect(completer.completions(in: ".fo", cursor: 3).candidates == [".format"])
        #expect(completer.completions(in: ".format c", cursor: 9).candidates == ["csv"])
        #expect(completer.completions(in: ".fields z", cursor: 9).candidates == ["zones"])
        #expect(completer.completions(in: ".cache c", cursor: 8).candidates == ["clear"])
        // Statements still go to the runner.
        #expect(completer.completions(in: "get zo", cursor: 6).candidates == ["zones"])
    }

    @Test func theTargetIsConnectedByTheFirstStatementThatCallsTheAPI() async throws {
        let connects = Mutex(0)
        let runner = StatementRunner(.embeddedSimulatorOnFirstCall(start: {
            connects.withLock { $0 += 1 }
            let server = try await SimulatorServer.started()
            return .embeddedSimulator(apiBaseURL: server.apiBaseURL, tokenURL: server.tokenURL)
        }))
        let folder = TemporaryFolder("runner")
        defer { folder.remove() }
        let path = folder.write("rows.ndjson", "{\"a\":1}\n{\"a\":2}\n")
        let output = try ShellOutput(standardOutput: FileOutput(path: "/dev/null"))

        // A file, explain and a parameter need no target.
        #expect(await run("get file '\(path)' | count", on: runner, output: output).status == .ok)
        #expect(await run("explain get zones where supplier = 10012", on: runner, output: output).status == .ok)
        #expect(await run("let s = 10012", on: runner, output: output).status == .ok)
        #expect(connects.withLock { $0 } == 0)
        #expect(runner.quota() == nil)
        #expect(runner.target == nil)
        #expect(runner.targetSummary.contains("started at the first API call"))
        // The first API statement connects; the next ones share the session and its quota.
        #expect(await run("get zones where supplier = $s | count", on: runner, output: output).status == .ok)
        #expect(await run("get contracts where supplier = $s | count", on: runner, output: output).status == .ok)
        #expect(connects.withLock { $0 } == 1)
        // The session's one quota heard from both endpoints. (Whether it has yet seen them count
        // in one window depends on the clock: the simulator's minute may turn between the two
        // answers, and answers of different periods keep windows apart until one proves them one.)
        #expect(Set(runner.quota()?.windows.flatMap(\.endpoints) ?? []) == ["contracts", "zones"])
        #expect(runner.target?.kind == .embeddedSimulator)
        // `.cache clear` is done when it returns: nothing is left for the next statement.
        let cache = try await runner.apiSession().cache
        #expect(await cache.count > 0)
        await runner.clearCache()
        #expect(await cache.count == 0)
    }

    @Test func partialLinesGroupTheirDigits() {
        #expect(StatementRunner.grouped(0) == "0")
        #expect(StatementRunner.grouped(999) == "999")
        #expect(StatementRunner.grouped(3_391) == "3,391")
        #expect(StatementRunner.grouped(1_234_567) == "1,234,567")
        #expect(StatementRunner.grouped(-12_345) == "-12,345")
    }

    @Test func asciiReachesTheRenderers() {
        var settings = ShellSettings(format: .table)
        let terminal = TerminalCapabilities(isTerminal: true, width: 80, color: false, unicode: true)
        #expect(!settings.renderOptions(for: terminal).ascii)
        settings.ascii = true
        #expect(settings.renderOptions(for: terminal).ascii)
        #expect(settings.renderOptions(for: terminal).format == .table)
    }
}
