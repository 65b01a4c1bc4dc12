/// How one statement ended.
public struct StatementOutcome: Sendable {
    public var status: ExitStatus
    /// Errors and warnings; spans are offsets in the statement's source.
    public var diagnostics: [Diagnostic]
    /// Lines for stderr about the run: `partial: 120 rows (quota exhausted)`, plan warnings.
    public var notes: [String]
    /// Rows were shown but not all of them.
    public var partial: Bool
    /// What the statement cost; nil for statements that make no call and return no rows (`let`).
    public var stats: ExecutionStats?

    public init(status: ExitStatus, diagnostics: [Diagnostic] = [], notes: [String] = [], partial: Bool = false,
                stats: ExecutionStats? = nil) {
        self.status = status
        self.diagnostics = diagnostics
        self.notes = notes
        self.partial = partial
        self.stats = stats
    }

    public static let ok = StatementOutcome(status: .ok)
}
