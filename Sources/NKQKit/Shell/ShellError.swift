/// A problem of the shell itself (flags, configuration, files), with the exit status it means.
/// Rendered through `DiagnosticRenderer` like every other error.
public struct ShellError: Error, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic
    /// The text the diagnostic's span points into (a config file), if any.
    public var source: SourceText?
    public var status: ExitStatus

    public init(_ message: String, help: String? = nil, status: ExitStatus = .refused) {
        self.diagnostic = .error(.runtime, message, at: nil, help: help)
        self.source = nil
        self.status = status
    }

    public init(_ diagnostic: Diagnostic, in source: SourceText?, status: ExitStatus = .refused) {
        self.diagnostic = diagnostic
        self.source = source
        self.status = status
    }

    public func rendered(color: Bool = false) -> String {
        DiagnosticRenderer(color: color).render(diagnostic, in: source)
    }

    public var description: String { rendered() }
}
