/// What runs a parsed statement: analyze → plan → execute → local stages → render.
/// `QueryEngine` does the language part (splitting, parsing, `let`, `--param`, completion) and
/// hands each query or explain statement to this. **The integration wires the planner, the
/// executor and the renderers in here** (see `Sources/nkq/Wiring.swift`).
public protocol StatementPipeline: Sendable {
    /// Runs `statement` (a query or `explain`, already analyzed without errors: `analysis` holds
    /// its resolved paths and row types), parsed from `source`; spans in the outcome are
    /// relative to `source`. Honours Task cancellation (Ctrl-C): stop, render rows in hand,
    /// return `.interrupted` with `partial` set.
    func run(_ statement: Statement, analysis: Analysis, source: SourceText, parameters: [String: Expr], settings: ShellSettings,
             output: ShellOutput) async -> StatementOutcome

    /// The rate-limit window as last seen, for `.quota`.
    func quota() -> QuotaSnapshot?

    /// `.cache clear`.
    func clearCache()

    /// Supplier numbers seen in rows this session, for tab completion of values.
    func suppliersSeen() -> [String]

    /// Runs `query` for the values of its one column (`let items = get … | select nobb`); nil
    /// values and the failure's outcome when it fails.
    func listValues(of query: Query, source: SourceText, parameters: [String: Expr], settings: ShellSettings)
        async -> (values: [JSONValue]?, outcome: StatementOutcome)
}

extension StatementPipeline {
    public func suppliersSeen() -> [String] { [] }

    public func listValues(of query: Query, source: SourceText, parameters: [String: Expr], settings: ShellSettings)
        async -> (values: [JSONValue]?, outcome: StatementOutcome) {
        (nil, StatementOutcome(status: .failed, diagnostics: [.error(.runtime, "this pipeline cannot run a query for a list", at: query.span)]))
    }
}
