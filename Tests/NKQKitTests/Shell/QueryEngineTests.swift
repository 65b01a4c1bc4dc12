import Testing
@testable import NKQKit

/// The language-facing half of the engine: splitting, continuation, parameters, completion.
@Suite(.timeLimit(.minutes(1))) struct QueryEngineTests {
    let engine = QueryEngine(pipeline: nil)

    @Test func continuationFollowsTheLanguage() {
        #expect(engine.continuation(of: "get contracts").isComplete)
        #expect(engine.continuation(of: "get contracts |") == .pipe)
        #expect(engine.continuation(of: "let a = (1,") == .parenthesis(depth: 1))
        #expect(engine.continuation(of: "let s = 'open") == .string(quote: "'"))
        #expect(engine.continuation(of: "").isComplete)
    }

    @Test func statementsAreCutAtSemicolonsAndLineEnds() {
        let text = "let a = 1; let b = 2\n# comment\n\nget contracts\n  | limit 3"
        let spans = engine.statements(in: text)
        let source = SourceText(text)
        #expect(spans.map(source.slice) == ["let a = 1", "let b = 2", "get contracts\n  | limit 3"])
    }

    @Test func parametersAreLiteralsOrStrings() {
        #expect(engine.bind(.init(name: "n", value: "10012")) == nil)
        #expect(engine.bind(.init(name: "$list", value: "(1, 2)")) == nil)
        #expect(engine.bind(.init(name: "day", value: "2024-01-31")) == nil)
        #expect(engine.bind(.init(name: "town", value: "Ålesund sentrum")) == nil)
        let values = engine.parameterValues
        guard case .integer(10012, _)? = values["n"] else { Issue.record("n: \(String(describing: values["n"]))"); return }
        guard case .list(let items, _)? = values["list"], items.count == 2 else { Issue.record("list"); return }
        guard case .date(2024, 1, 31, _)? = values["day"] else { Issue.record("day"); return }
        guard case .string("Ålesund sentrum", _)? = values["town"] else { Issue.record("town"); return }
        #expect(engine.parameters().map(\.name) == ["n", "list", "day", "town"])
        #expect(engine.parameters().last?.value == "'Ålesund sentrum'")
    }

    @Test func badParameterNameIsRefused() {
        let problem = engine.bind(.init(name: "1x", value: "2"))
        #expect(problem?.message == "'1x' is not a parameter name")
    }

    @Test func letBindsAndRebinds() async {
        let source = SourceText("let a = 5\nlet b = $a\nlet a = 'x'")
        for span in engine.statements(in: source.text) {
            let outcome = await engine.run(StatementText(source: source, span: span), settings: ShellSettings(), output: ShellOutput())
            #expect(outcome.status == .ok)
            #expect(outcome.stats == nil)
        }
        #expect(engine.parameters().map(\.name) == ["a", "b"])
        #expect(engine.parameters().map(\.value) == ["'x'", "5"])
    }

    @Test func syntaxErrorIsRefusedWithSpanInTheWholeScript() async {
        let source = SourceText("let a = 1\nget contracts where æøå =", name: "s.nkq")
        let spans = engine.statements(in: source.text)
        let outcome = await engine.run(StatementText(source: source, span: spans[1]), settings: ShellSettings(), output: ShellOutput())
        #expect(outcome.status == .refused)
        let rendered = DiagnosticRenderer().render(outcome.diagnostics, in: source)
        #expect(rendered.contains("--> s.nkq:2:"), "\(rendered)")
        #expect(rendered.contains("2 | get contracts where æøå ="))
    }

    @Test func unboundParameterInLetIsRefused() async {
        let source = SourceText("let a = $nope")
        let outcome = await engine.run(StatementText(source: source, span: SourceSpan(start: 0, end: 13)), settings: ShellSettings(),
                                       output: ShellOutput())
        #expect(outcome.status == .refused)
        #expect(outcome.diagnostics.first?.message == "unknown parameter '$nope'")
        #expect(outcome.diagnostics.first?.span == SourceSpan(start: 8, end: 13))
    }

    @Test func queriesNeedAPipeline() async {
        let source = SourceText("get contracts")
        let outcome = await engine.run(StatementText(source: source, span: SourceSpan(start: 0, end: 13)), settings: ShellSettings(),
                                       output: ShellOutput())
        #expect(outcome.status == .failed)
    }

    private func candidates(_ text: String) -> [String] {
        engine.completions(in: text, cursor: text.count).candidates
    }

    @Test func completesSourcesAfterGet() {
        #expect(candidates("get con") == ["contracts", "conditions"])
        #expect(candidates("get cont") == ["contracts"])
        #expect(engine.completions(in: "get cont", cursor: 8).start == 4)
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
        let completer = REPLCompleter(engine: engine)
        #expect(completer.completions(in: ".fo", cursor: 3).candidates == [".format"])
        #expect(completer.completions(in: ".format c", cursor: 9).candidates == ["csv"])
        #expect(completer.completions(in: ".fields z", cursor: 9).candidates == ["zones"])
        #expect(completer.completions(in: ".cache c", cursor: 8).candidates == ["clear"])
        // Statements still go to the engine.
        #expect(completer.completions(in: "get zo", cursor: 6).candidates == ["zones"])
    }
}
