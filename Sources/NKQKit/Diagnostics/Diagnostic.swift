/// A problem found in a statement before or while it runs. Errors are data: they carry
/// their span and are rendered in one place (`DiagnosticRenderer`).
public struct Diagnostic: Error, Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    /// What kind of problem, so that callers can choose an exit status or a test can match it.
    public enum Kind: String, Sendable, Hashable {
        case lexical      // bad character, unterminated string
        case syntax       // unexpected token
        case unknownName  // unknown source, field, stage, function, parameter
        case type         // type mismatch
        case stageOrder   // a stage that cannot follow another
        case plan         // the API cannot answer it, or a value the API would reject
        case runtime      // found while running (API error, file error)
    }

    public var severity: Severity
    public var kind: Kind
    public var message: String
    public var span: SourceSpan?
    /// A fix to suggest, rendered as `help: …`.
    public var help: String?

    public init(_ severity: Severity = .error, kind: Kind, message: String, span: SourceSpan?, help: String? = nil) {
        self.severity = severity
        self.kind = kind
        self.message = message
        self.span = span
        self.help = help
    }

    public static func error(_ kind: Kind, _ message: String, at span: SourceSpan?, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, kind: kind, message: message, span: span, help: help)
    }
}

/// Several diagnostics from one pass (the parser recovers and reports every independent error).
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
