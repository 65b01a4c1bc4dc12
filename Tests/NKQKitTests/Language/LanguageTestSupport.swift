@testable import NKQKit

/// Parses a script and analyzes its statements in order (binding `let`s), as a runner would;
/// returns every diagnostic rendered the one way nkq renders them.
func renderedDiagnostics(_ text: String, name: String? = nil, bindings: [String: Expr] = [:]) -> String {
    let source = SourceText(text, name: name)
    let script = Parser.parseScript(source)
    var analyzer = Analyzer(bindings: bindings)
    let analyses = analyzer.analyzeInOrder(script.statements)
    let all = script.diagnostics + analyses.flatMap(\.diagnostics)
    return DiagnosticRenderer().render(all.sorted { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }, in: source)
}

/// Every diagnostic of a script (parse and analysis).
func allDiagnostics(_ text: String, bindings: [String: Expr] = [:]) -> [Diagnostic] {
    let script = Parser.parseScript(SourceText(text))
    var analyzer = Analyzer(bindings: bindings)
    return script.diagnostics + analyzer.analyzeInOrder(script.statements).flatMap(\.diagnostics)
}

/// The analysis of one statement that must parse.
func analysis(_ text: String, bindings: [String: Expr] = [:]) -> Analysis? {
    let script = Parser.parseScript(SourceText(text))
    guard script.diagnostics.isEmpty, let statement = script.statements.first else { return nil }
    return Analyzer(bindings: bindings).analyze(statement)
}

let noSpan = SourceSpan(at: 0)
