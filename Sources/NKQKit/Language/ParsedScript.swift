/// The result of parsing a script: one entry per statement, in order.
public struct ParsedScript: Sendable {
    public struct Entry: Sendable {
        /// nil when the statement's text has errors (its diagnostics say why).
        public var statement: Statement?
        /// The statement's text, from its first to its last token.
        public var span: SourceSpan
        /// Lexical and syntax diagnostics of this statement, in text order.
        public var diagnostics: [Diagnostic]
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
