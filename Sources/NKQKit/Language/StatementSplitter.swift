/// Splits a script's tokens into statements. A statement ends at `;` or at a line break,
/// except where the text plainly goes on:
/// - the line ends with `|`, `,`, `and` or `or`, or the next line begins with `|`, `and` or `or`;
/// - a parenthesis is open (unless the next line starts a new statement with `get`, `let`
///   or `explain`, which keeps one forgotten `)` from swallowing the rest of a script);
/// - a string is open (the string token itself spans the line break).
/// The REPL asks the same rules whether to show a continuation prompt (`openState`).
public enum StatementSplitter {
    static let statementKeywords: Set<String> = ["get", "let", "explain"]
    static let trailingContinuations: Set<String> = ["and", "or"]

    /// The tokens of each statement (without terminators), each ending with a synthetic `.end`
    /// token placed where the statement's terminator (or the input) begins.
    public static func split(_ tokens: [Token]) -> [[Token]] {
        scan(tokens).statements
    }

    /// Splits, and tells what the text leaves open at its end.
    static func scan(_ tokens: [Token]) -> (statements: [[Token]], open: OpenState) {
        var statements: [[Token]] = []
        var current: [Token] = []
        var depth = 0
        var open = OpenState.complete

        func finish(at offset: Int) {
            if !current.isEmpty {
                current.append(Token(.end, SourceSpan(at: offset)))
                statements.append(current)
            }
            current = []
            depth = 0
        }

        // The first token after each run of line breaks, found in one backward pass (looking
        // ahead from every break of a long run would be quadratic).
        var significantAfter = [Token?](repeating: nil, count: tokens.count)
        var following: Token?
        for i in tokens.indices.reversed() {
            significantAfter[i] = following
            if !tokens[i].isNewline { following = tokens[i] }
        }
        for (i, token) in tokens.enumerated() {
            switch token.kind {
            case .end:
                open = state(of: current, depth: depth)
                finish(at: token.span.start)
            case .newline:
                if current.isEmpty { continue }
                if !continues(after: current, depth: depth, next: significantAfter[i]) {
                    finish(at: token.span.start)
                }
            case .symbol(.semicolon):
                finish(at: token.span.start)
            default:
                if token.isSymbol(.leftParen) { depth += 1 }
                if token.isSymbol(.rightParen) { depth = max(0, depth - 1) }
                current.append(token)
            }
        }
        return (statements, open)
    }

    private static func continues(after current: [Token], depth: Int, next: Token?) -> Bool {
        if let next, let word = next.keyword, statementKeywords.contains(word) { return false }
        if next?.isSymbol(.pipe) == true { return true }
        if let word = next?.keyword, trailingContinuations.contains(word) { return true }
        if depth > 0 { return true }
        guard let last = current.last else { return false }
        if last.isSymbol(.pipe) || last.isSymbol(.comma) { return true }
        if let word = last.keyword, trailingContinuations.contains(word) { return true }
        return false
    }

    /// What the end of `text` leaves open, for the REPL's continuation prompt.
    public static func openState(_ text: String) -> OpenState {
        scan(Lexer.tokenize(Array(text)).tokens).open
    }

    private static func state(of current: [Token], depth: Int) -> OpenState {
        guard let last = current.last else { return .complete }
        if case .string(_, let quote, closed: false) = last.kind { return .string(quote: quote) }
        if depth > 0 { return .parenthesis(depth: depth) }
        if last.isSymbol(.pipe) { return .pipe }
        if last.isSymbol(.comma) { return .trailing(",") }
        if let word = last.keyword, trailingContinuations.contains(word) { return .trailing(word) }
        return .complete
    }
}
