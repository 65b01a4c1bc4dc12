/// The result of parsing a script: one entry per statement, in order.
public struct ParsedScript: Sendable {
    public struct Entry: Sendable {
        /// nil when the statement's text has errors (its diagnostics say why).
        public var statement: Statement?
        /// The statement's text, from its first to its last token.
        public var span: SourceSpan
        /// Lexical and syntax diagnostics of this statement, in text order.
        public var diagnostics: [Diagnostic]
        /// What the parser made of a statement with errors, bad parts skipped: analysing it
        /// finds the errors written before the first syntax error too, so one pass reports both
        /// (`where suplier = 1 | selct text`).
        public var recovered: Statement? = nil

        /// The analysis errors of a statement that did not parse, where they lie before its
        /// first syntax error (later ones may come from the parts skipped).
        public func analysisErrorsBeforeSyntaxErrors(bindings: [String: Expr]) -> [Diagnostic] {
            guard let recovered,
                  let firstError = diagnostics.filter({ $0.severity == .error }).compactMap(\.span?.start).min() else { return [] }
            return Analyzer(bindings: bindings).analyze(recovered).diagnostics.filter {
                $0.severity == .error && ($0.span?.end ?? Int.max) <= firstError
            }
        }
    }

    public var source: SourceText
    public var entries: [Entry]
    /// Diagnostics that belong to no statement.
    public var unattached: [Diagnostic]

    /// The statements that parsed without error.
    public var statements: [Statement] { entries.compactMap(\.statement) }

    /// Every diagnostic, in text order.
    public var diagnostics: [Diagnostic] {
        (entries.flatMap(\.diagnostics) + unattached).sorted { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// A statement's text as written (for `--stats-file` and messages).
    public func text(of entry: Entry) -> String { source.slice(entry.span) }
}
