/// Renders diagnostics the one way nkq shows them:
///
///     error: unknown field 'suplier'
///       --> report.nkq:3:26
///        |
///      3 | get contracts where suplier = 10012
///        |                     ^^^^^^^
///     help: did you mean 'supplier'?
public struct DiagnosticRenderer: Sendable {
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ diagnostic: Diagnostic, in source: SourceText?) -> String {
        var out = paint(diagnostic.severity.rawValue, diagnostic.severity == .error ? "1;31" : "1;33")
        // A message quoting the user's text keeps to its line: control characters show as
        // pictures (`␊`), as they do in table cells.
        out += paint(": \(ValueText.sanitize(diagnostic.message, ascii: false))", "1")
        out += "\n"
        if let span = diagnostic.span, let source {
            let (line, column) = source.location(of: span.start)
            let text = source.line(line)
            let gutter = String(repeating: " ", count: String(line).count)
            let place = source.name.map { "\($0):\(line):\(column)" } ?? "line \(line), column \(column)"
            out += "\(gutter)--> \(place)\n"
            out += "\(gutter) |\n"
            out += "\(line) | \(text)\n"
            // Underline only the part of the span on its first line; at least one caret.
            let lineLength = text.count
            let startColumn = min(column - 1, lineLength)
            let (endLine, endColumn) = source.location(of: span.end)
            let underlineEnd = endLine == line ? endColumn - 1 : lineLength
            let width = max(1, underlineEnd - startColumn)
            let prefix = String(text.prefix(startColumn)).map { $0 == "\t" ? "\t" : " " }.joined()
            out += "\(gutter) | \(prefix)\(paint(String(repeating: "^", count: width), "1;31"))\n"
        }
        if let help = diagnostic.help {
            out += paint("help", "1;36") + ": \(help)\n"
        }
        return out
    }

    public func render(_ diagnostics: [Diagnostic], in source: SourceText?) -> String {
        diagnostics.map { render($0, in: source) }.joined()
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
