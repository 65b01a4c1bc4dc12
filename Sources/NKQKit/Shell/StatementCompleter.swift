/// Tab completion of statement text, from what the parser expects at the cursor (the same
/// record its "expected …" messages come from): keywords, sources, the fields of the source in
/// hand, enumeration values. The language's own completion oracle replaces this once it lands.
enum StatementCompleter {
    static func completions(in text: String, cursor: Int) -> LineCompletion {
        let chars = Array(text)
        let cursor = min(cursor, chars.count)
        var start = cursor
        while start > 0, isWordPart(chars[start - 1]) { start -= 1 }
        let typed = String(chars[start..<cursor]).lowercased()
        let before = Array(chars[0..<start])
        // Inside a quoted string nothing is completed here (file paths come with the oracle).
        if case .string = StatementSplitter.openState(String(before)) { return .none(at: cursor) }
        let candidates = expected(before: before).filter { $0.lowercased().hasPrefix(typed) }
        var seen = Set<String>()
        return LineCompletion(start: start, candidates: candidates.filter { seen.insert($0).inserted })
    }

    static func isWordPart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }

    /// Words that may come next after `before` in the statement that is being typed.
    static func expected(before: [Character]) -> [String] {
        let tokens = Lexer.tokenize(before).tokens
        let statements = StatementSplitter.split(tokens)
        var current = statements.last ?? []
        if let end = current.last?.span.start,
           tokens.contains(where: { ($0.isNewline || $0.isSymbol(.semicolon)) && $0.span.start >= end }) {
            current = []  // the last statement ended; a new one starts at the cursor
        }
        guard !current.isEmpty, let state = Parser.endState(of: current, in: SourceText(String(before))) else {
            return Parser.statementKeywords
        }
        let resource: ResourceSchema? = {
            if case .resource(let name)? = state.source?.kind { return Schema.resource(named: name) }
            return nil
        }()
        var out: [String] = []
        for expectation in state.expectations {
            switch expectation {
            case .keyword(let k): out.append(k)
            case .source: out += Schema.resources.map(\.name) + ["file", "stdin"]
            case .field: out += resource?.allPaths ?? []
            case .comparison: out += ["in", "not", "contains", "matches", "is"]
            case .value(let field):
                if let field, case .enumeration(let values)? = resource?.field(at: field.path)?.type {
                    out += values.map { "'\($0)'" }
                }
                out += ["today", "now", "true", "false", "null"]
            case .aggregate: out += Aggregate.Function.allCases.map { $0.rawValue + "(" }
            case .symbol, .filePath, .name, .integer: break
            }
        }
        return out
    }
}
