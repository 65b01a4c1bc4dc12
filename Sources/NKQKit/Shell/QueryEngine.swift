import Foundation

/// The shell's `StatementEngine` over the language (lexer, splitter, parser) and a
/// `StatementPipeline` for everything after parsing. Holds the session's `$NAME` bindings.
public final class QueryEngine: StatementEngine, @unchecked Sendable {
    private let pipeline: (any StatementPipeline)?
    private let lock = NSLock()
    /// `$NAME` → value, in binding order (a rebinding keeps its place).
    private var bindings: [(name: String, value: Expr, text: String)] = []

    /// `pipeline` nil: statements parse and `let` binds, but queries report that this build
    /// cannot run them.
    public init(pipeline: (any StatementPipeline)?) {
        self.pipeline = pipeline
    }

    // MARK: Language

    public func continuation(of text: String) -> OpenState {
        StatementSplitter.openState(text)
    }

    public func statements(in text: String) -> [SourceSpan] {
        Parser.parseScript(SourceText(text)).entries.map(\.span)
    }

    public func completions(in text: String, cursor: Int) -> LineCompletion {
        let oracle = CompletionOracle(parameters: parameters().map(\.name), suppliers: pipeline?.suppliersSeen() ?? [])
        let candidates = oracle.completions(for: text, cursor: cursor)
        let start = cursor - (candidates.first?.replacementLength ?? 0)
        return LineCompletion(start: start, candidates: candidates.filter { cursor - $0.replacementLength == start }.map(\.text))
    }

    // MARK: Parameters

    public func bind(_ parameter: ShellSettings.Parameter) -> Diagnostic? {
        let name = parameter.name.hasPrefix("$") ? String(parameter.name.dropFirst()) : parameter.name
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            return .error(.syntax, "'\(parameter.name)' is not a parameter name", at: SourceSpan(start: 0, end: parameter.name.count),
                          help: "use letters, digits and '_', e.g. --param supplier=10012")
        }
        // The value as a literal of the language (number, date, list, …), else as a string.
        let text = "let \(name) = \(parameter.value)"
        let parsed = Parser.parseScript(SourceText(text))
        if parsed.entries.count == 1, case .assignment(let assignment)? = parsed.entries[0].statement {
            set(name, assignment.value, text: parameter.value)
        } else {
            let string = Expr.string(parameter.value, span: SourceSpan(start: 0, end: parameter.value.count))
            set(name, string, text: Self.quoted(parameter.value))
        }
        return nil
    }

    public func parameters() -> [(name: String, value: String)] {
        lock.withLock { bindings.map { ($0.name, $0.text) } }
    }

    var parameterValues: [String: Expr] {
        lock.withLock { Dictionary(bindings.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }) }
    }

    private func binding(named name: String) -> (Expr, String)? {
        lock.withLock { bindings.first { $0.name == name }.map { ($0.value, $0.text) } }
    }

    private func set(_ name: String, _ value: Expr, text: String) {
        lock.withLock {
            if let i = bindings.firstIndex(where: { $0.name == name }) {
                bindings[i] = (name, value, text)
            } else {
                bindings.append((name, value, text))
            }
        }
    }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    // MARK: Running

    public func run(_ statement: StatementText, settings: ShellSettings, output: ShellOutput) async -> StatementOutcome {
        // Parsed on its own, so that a long script is not re-read per statement; spans are
        // shifted back into the script for the caret and FILE:LINE:COL.
        let text = SourceText(statement.text)
        let parsed = Parser.parseScript(text)
        var outcome = await run(parsed, settings: settings, output: output)
        outcome.diagnostics = outcome.diagnostics.map { $0.shifted(by: statement.span.start) }
        return outcome
    }

    private func run(_ parsed: ParsedScript, settings: ShellSettings, output: ShellOutput) async -> StatementOutcome {
        if parsed.hasErrors { return StatementOutcome(status: .refused, diagnostics: parsed.diagnostics) }
        var outcome = StatementOutcome.ok
        for statement in parsed.statements {
            let analysis = Analyzer(bindings: parameterValues).analyze(statement)
            if analysis.hasErrors { return StatementOutcome(status: .refused, diagnostics: outcome.diagnostics + analysis.diagnostics) }
            var one: StatementOutcome
            switch statement {
            case .assignment(let assignment):
                var value = analysis.binding?.value ?? assignment.value
                // `let b = $a` copies a's value (and its text) now; a later `let a` does not change b.
                var text = parsed.source.slice(assignment.value.span)
                if case .parameter(let other, _) = assignment.value, let bound = binding(named: other) { text = bound.1 }
                one = .ok
                // `let items = get … | select nobb`: the query runs now; its values are the list.
                if case .subquery(let query, let span) = value {
                    guard let pipeline else {
                        return StatementOutcome(status: .failed, diagnostics: [
                            .error(.runtime, "this build of nkq cannot run queries yet (no pipeline is wired)", at: statement.span),
                        ])
                    }
                    let (values, ran) = await pipeline.listValues(of: query, source: parsed.source, parameters: parameterValues, settings: settings)
                    one = ran
                    guard let values else { break }
                    let items = values.compactMap { Expr.literal($0, span: span) }
                    value = .list(items, span: span)
                    text = Expr.listText(items)
                }
                if one.status == .ok { set(assignment.name, value, text: text) }
            case .query, .explain:
                guard let pipeline else {
                    return StatementOutcome(status: .failed, diagnostics: [
                        .error(.runtime, "this build of nkq cannot run queries yet (no pipeline is wired)", at: statement.span),
                    ])
                }
                one = await pipeline.run(statement, analysis: analysis, source: parsed.source, parameters: parameterValues,
                                         settings: settings, output: output)
            }
            one.diagnostics = analysis.diagnostics + one.diagnostics  // warnings first
            outcome = StatementOutcome(status: outcome.status.worst(one.status), diagnostics: outcome.diagnostics + one.diagnostics,
                                       notes: outcome.notes + one.notes, partial: outcome.partial || one.partial,
                                       stats: one.stats ?? outcome.stats)
            if one.status != .ok, !(one.status == .partial && one.partial) { break }
        }
        return outcome
    }

    public func quota() -> QuotaSnapshot? { pipeline?.quota() }

    public func clearCache() { pipeline?.clearCache() }
}

extension Diagnostic {
    /// The same diagnostic with its span moved by `offset` characters.
    func shifted(by offset: Int) -> Diagnostic {
        var copy = self
        copy.span = span.map { SourceSpan(start: $0.start + offset, end: $0.end + offset) }
        return copy
    }
}
