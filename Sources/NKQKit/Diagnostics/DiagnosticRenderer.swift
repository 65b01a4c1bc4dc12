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
            let full = Array(source.line(line))
            let gutter = String(repeating: " ", count: String(line).count)
            let place = source.name.map { "\($0):\(line):\(column)" } ?? "line \(line), column \(column)"
            out += "\(gutter)--> \(place)\n"
            out += "\(gutter) |\n"
            // Underline only the part of the span on its first line; at least one caret.
            let startColumn = min(column - 1, full.count)
            let (endLine, endColumn) = source.location(of: span.end)
            let underlineEnd = endLine == line ? endColumn - 1 : full.count
            // A long line shows a window around the caret, so that each error in a line of
            // 60 KB costs a line of output, not 60 KB.
            var shown = 0..<full.count
            if full.count > Self.lineWindow {
                let first = max(0, min(startColumn - Self.lineWindow / 4, full.count - Self.lineWindow))
                shown = first..<(first + Self.lineWindow)
            }
            let lead = shown.lowerBound > 0 ? "…" : ""
            let tail = shown.upperBound < full.count ? "…" : ""
            out += "\(line) | \(lead)\(String(full[shown]))\(tail)\n"
            let width = max(1, min(underlineEnd, shown.upperBound) - startColumn)
            let prefix = (lead.isEmpty ? "" : " ") + full[shown.lowerBound..<startColumn].map { $0 == "\t" ? "\t" : " " }.joined()
            out += "\(gutter) | \(prefix)\(paint(String(repeating: "^", count: width), "1;31"))\n"
        }
        if let help = diagnostic.help {
            out += paint("help", "1;36") + ": \(help)\n"
        }
        return out
    }

    /// Characters of a source line shown around the caret when the line is longer.
    static let lineWindow = 120
    /// Diagnostics the shell shows for one statement; the rest are counted. A line of garbage
    /// can hold thousands of errors, and the first ones say what is wrong.
    public static let shownPerStatement = 20

    /// Renders the first `limit` diagnostics (all without one) and counts the rest.
    public func render(_ diagnostics: [Diagnostic], in source: SourceText?, limit: Int? = nil) -> String {
        let shown = limit ?? diagnostics.count
        var out = diagnostics.prefix(shown).map { render($0, in: source) }.joined()
        let more = diagnostics.count - shown
        if more > 0 {
            out += "… and \(more) more \(more == 1 ? "diagnostic" : "diagnostics") not shown\n"
        }
        return out
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
