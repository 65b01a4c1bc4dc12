// Values from outside a statement: `--param NAME=VALUE`.
extension Parser {
    /// Parses a value written on its own (`10012`, `'x'`, `(1, 2)`, `today - 3d`).
    public static func parseValue(_ text: String) -> (value: Expr?, diagnostics: [Diagnostic]) {
        let source = SourceText(text)
        let lexed = Lexer.tokenize(source)
        let tokens = lexed.tokens.filter { !$0.isNewline }
        var parser = Parser(source: source, tokens: tokens)
        var value: Expr?
        do {
            value = try parser.value(for: nil)
            if !parser.current.isEnd {
                parser.expect(.keyword(";"))
                try parser.fail("expected the end of the value, found \(parser.current.quoted)")
            }
        } catch {
            value = nil
        }
        let diagnostics = lexed.diagnostics + parser.diagnostics
        return (diagnostics.isEmpty ? value : nil, diagnostics)
    }

    /// The value of `--param NAME=VALUE`. What reads as a value is that value (`10012` is a
    /// number, `2024-01-31` a date, `'x'` text, `(1, 2)` or `1,2` a list); anything else is the
    /// text as given, so `--param name=Acme AS` needs no quotes.
    public static func parameterValue(_ text: String) -> Expr {
        if let value = parseValue(text).value { return value }
        let trimmed = text.trimmingSpaces()
        if trimmed.contains(","), !trimmed.hasPrefix("("), case .list(let items, _)? = parseValue("(" + trimmed + ")").value {
            return .list(items, span: SourceSpan(start: 0, end: text.count))
        }
        return .string(text, span: SourceSpan(start: 0, end: text.count))
    }

    /// Splits `NAME=VALUE` and parses the value; the name must be a plain word.
    public static func parseParameter(_ argument: String) throws(Diagnostic) -> (name: String, value: Expr) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw Diagnostic.error(.syntax, "expected NAME=VALUE, found '\(argument)'", at: nil,
                                   help: "for example --param supplier=10012")
        }
        var name = String(argument[..<equals]).trimmingSpaces()
        if name.hasPrefix("$") { name.removeFirst() }
        guard let first = name.first, Lexer.isWordStart(first), name.allSatisfy(Lexer.isWordPart) else {
            throw Diagnostic.error(.syntax, "'\(name)' is not a parameter name", at: nil,
                                   help: "names are letters, digits and _, starting with a letter")
        }
        return (name, parameterValue(String(argument[argument.index(after: equals)...])))
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
