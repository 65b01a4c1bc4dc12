/// Recursive-descent parser from tokens to the syntax tree (`AST.swift`).
///
/// It recovers from errors: a bad stage is skipped up to the next `|`, a bad group up to its
/// `)`, a bad list element up to the next `,`, so one pass reports every independent error.
/// Every decision point records what it would have accepted (`Expectation`); errors say
/// "expected …" from that record, and the completion oracle reads the same record.
public struct Parser {
    struct Failure: Error {}
    /// Nesting past `maxNesting`: reported once, then the whole stage is skipped (not recovered
    /// group by group, which would report every open group again).
    struct TooDeep: Error {}

    /// The most groups, lists and `not`s one inside another. Parsing and every later stage
    /// (analysis, planning, evaluation, explain) recurse once per level, so this bounds their
    /// stack; as JSON parsers cap depth, and far beyond what a query needs.
    static let maxNesting = 64

    /// Where the parser stood when it first reached the end of the tokens: what it expected
    /// there and the query read so far (for completing fields of the row in hand).
    struct EndState {
        var expectations: [Expectation]
        var source: SourceRef?
        var stages: [Stage]
    }

    static let stageKeywords = ["where", "select", "sort", "limit", "flatten", "distinct", "count", "group", "join", "left"]
    static let statementKeywords = ["get", "explain", "let"]

    let source: SourceText
    var tokens: [Token]
    var index = 0
    var lastEnd = 0
    var diagnostics: [Diagnostic] = []
    var pending: [Expectation] = []
    var endState: EndState?
    var querySource: SourceRef?
    var stagesSoFar: [Stage] = []
    /// Queries open inside parentheses (`in (get …)`): such a query ends at its `)`.
    var nesting = 0
    /// Groups, lists and `not`s open around the current token.
    var openGroups = 0

    init(source: SourceText, tokens: [Token]) {
        self.source = source
        self.tokens = tokens.isEmpty || !tokens[tokens.count - 1].isEnd
            ? tokens + [Token(.end, SourceSpan(at: tokens.last?.span.end ?? 0))] : tokens
        lastEnd = self.tokens[0].span.start
    }

    // MARK: Entry points

    /// Parses every statement of a script, or of the part of it in `region`, once: spans are
    /// offsets in the whole script. Statements with errors are kept as entries with their
    /// diagnostics (and no statement), so a runner can say which one failed.
    public static func parseScript(_ source: SourceText, in region: SourceSpan? = nil) -> ParsedScript {
        let count = source.characters.count
        let (start, end) = region.map { (max(0, min($0.start, count)), max(0, min($0.end, count))) } ?? (0, count)
        let lexed = Lexer.tokenize(source.characters[start..<max(start, end)])
        // Lexical errors in text order, handed to the statement they fall in with one walk
        // (a line of thousands of bad characters has thousands of them).
        let lexical = lexed.diagnostics.sorted { ($0.span?.start ?? -1) < ($1.span?.start ?? -1) }
        var nextLexical = 0
        var unattached: [Diagnostic] = []
        var entries: [ParsedScript.Entry] = []
        for tokens in StatementSplitter.split(lexed.tokens) {
            var parser = Parser(source: source, tokens: tokens)
            let statement = parser.parseStatement()
            let span = SourceSpan(start: tokens[0].span.start, end: max(tokens[0].span.start, parser.lastTokenEnd))
            var mine: [Diagnostic] = []
            while nextLexical < lexical.count {
                let diagnostic = lexical[nextLexical]
                if let at = diagnostic.span?.start {
                    if at > span.end { break }
                    if at < span.start { unattached.append(diagnostic) } else { mine.append(diagnostic) }
                } else {
                    unattached.append(diagnostic)
                }
                nextLexical += 1
            }
            let diagnostics = (mine + parser.diagnostics).sorted { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
            let failed = diagnostics.contains { $0.severity == .error }
            entries.append(ParsedScript.Entry(statement: failed ? nil : statement, span: span, diagnostics: diagnostics,
                                              recovered: failed ? statement : nil))
        }
        unattached += lexical[nextLexical...]
        return ParsedScript(source: source, entries: entries, unattached: unattached)
    }

    /// Whether the text is a whole statement (or several), or leaves something open.
    public static func isComplete(_ text: String) -> Bool {
        StatementSplitter.openState(text).isComplete
    }

    /// What the parser expects at the end of `tokens` (the text before a cursor).
    static func endState(of tokens: [Token], in source: SourceText) -> EndState? {
        var parser = Parser(source: source, tokens: tokens)
        _ = parser.parseStatement()
        return parser.endState
    }

    /// End of the last real token of the statement.
    var lastTokenEnd: Int {
        tokens.count >= 2 ? tokens[tokens.count - 2].span.end : 0
    }

    // MARK: Token helpers

    var current: Token { tokens[index] }
    var previous: Token? { index > 0 ? tokens[index - 1] : nil }
    var next: Token { tokens[min(index + 1, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 {
            index += 1
            lastEnd = token.span.end
        }
        pending = []
        return token
    }

    mutating func at(keyword: String) -> Bool {
        pending.append(.keyword(keyword))
        return current.isKeyword(keyword)
    }

    mutating func at(_ symbol: Token.Symbol) -> Bool {
        pending.append(.symbol(symbol))
        return current.isSymbol(symbol)
    }

    mutating func expect(_ expectation: Expectation) {
        pending.append(expectation)
    }

    /// Records where the parser stands the first time it reaches the end (for completion).
    mutating func noteEnd() {
        if current.isEnd, endState == nil {
            endState = EndState(expectations: pending, source: querySource, stages: stagesSoFar)
        }
    }

    /// The text of a token as written.
    func text(_ token: Token) -> String { source.slice(token.span) }

    mutating func report(_ message: String, at span: SourceSpan, help: String? = nil, kind: Diagnostic.Kind = .syntax) {
        diagnostics.append(.error(kind, message, at: span, help: help))
    }

    /// Reports an error at the current token and unwinds to the nearest recovery point.
    /// Without a message it says what was expected here, from the recorded expectations.
    mutating func fail(_ message: String? = nil, kind: Diagnostic.Kind = .syntax, help: String? = nil) throws -> Never {
        noteEnd()
        let atEnd = current.isEnd
        let line = message ?? "expected \(Expectation.phrase(pending))" + placement()
        // A misspelt keyword (`wher`, `dsc`): the expected keyword it is nearest to.
        var help = help
        if help == nil, message == nil, let word = current.keyword {
            help = Suggestion.help(for: word, in: pending.compactMap { if case .keyword(let k) = $0 { k } else { nil } })
        }
        let span = atEnd ? SourceSpan(at: max(lastEnd, previous?.span.end ?? current.span.start)) : current.span
        // The lexer has already reported a token it could not read.
        if case .invalid = current.kind {} else { report(line, at: span, help: help, kind: kind) }
        throw Failure()
    }

    /// One level deeper at `token` (a `(` or `not`); refuses past `maxNesting`.
    mutating func enterNesting(at token: Token) throws {
        guard openGroups < Self.maxNesting else {
            noteEnd()
            report("nested more than \(Self.maxNesting) levels deep", at: token.span,
                   help: "parentheses, lists and 'not' may nest \(Self.maxNesting) levels; write the condition flatter")
            throw TooDeep()
        }
        openGroups += 1
    }

    static let connectives: Set<String> = [
        "get", "explain", "let", "where", "select", "as", "sort", "limit", "flatten", "distinct", "count", "group", "by",
        "with", "and", "or", "not", "in", "contains", "matches", "is", "file", "join", "on",
    ]

    /// " after 'where'", ", found 'x'" or both: "after" names the keyword or symbol the missing
    /// piece should follow; "found" names what stands there instead, unless it just closes the list,
    /// group or stage, or the input ended.
    func placement() -> String {
        var after = ""
        if let previous {
            let isConnective = previous.keyword.map(Self.connectives.contains) ?? { if case .symbol = previous.kind { true } else { false } }()
            if isConnective || current.isEnd { after = " after '\(text(previous))'" }
        }
        let closing = current.isEnd || current.isSymbol(.pipe) || current.isSymbol(.rightParen) || current.isSymbol(.comma)
        return closing && !after.isEmpty ? after : after + ", found \(current.quoted)"
    }

    /// Skips to a token that `stop` accepts at parenthesis depth 0 (or to the end). Inside a
    /// group (`insideGroup`) it also stops at the `)` that closes the group; outside, a stray
    /// `)` is skipped like anything else.
    mutating func skip(insideGroup: Bool = true, until stop: (Token) -> Bool) {
        var depth = 0
        while !current.isEnd {
            if depth == 0, stop(current) { return }
            if current.isSymbol(.leftParen) { depth += 1 }
            if current.isSymbol(.rightParen) {
                if depth == 0, insideGroup { return }
                depth = max(0, depth - 1)
            }
            advance()
        }
    }

    mutating func skipToPipe() {
        skip(insideGroup: false) { $0.isSymbol(.pipe) }
    }

    // MARK: Statements

    mutating func parseStatement() -> Statement? {
        do {
            let statement = try statement()
            if !current.isEnd {
                expect(.keyword(";"))
                try fail("expected the end of the statement, found \(current.quoted)",
                         help: "end a statement with ';' or a new line")
            }
            noteEnd()
            return statement
        } catch {
            return nil
        }
    }

    mutating func statement() throws -> Statement {
        if at(keyword: "get") { return .query(try query()) }
        if at(keyword: "explain") {
            let keyword = advance()
            guard at(keyword: "get") else {
                try fail(help: "explain shows the plan of a query: explain get contracts …")
            }
            let query = try query()
            return .explain(query, span: keyword.span.union(query.span))
        }
        if at(keyword: "let") { return .assignment(try assignment()) }
        var help: String?
        if let word = current.keyword {
            if Schema.resource(named: word) != nil || word == "stdin" || word == "file" {
                help = "a query starts with 'get': get \(text(current)) …"
            } else {
                help = Suggestion.help(for: word, in: Self.statementKeywords)
            }
        }
        try fail(help: help)
    }

    mutating func assignment() throws -> Assignment {
        let keyword = advance()
        expect(.name)
        let nameToken = current
        let name: String
        switch nameToken.kind {
        case .word(let w):
            name = w
        case .parameter(let p):
            try fail("write the name without '$'", help: "let \(p) = …, then use it as $\(p)")
        default:
            try fail()
        }
        advance()
        guard at(.equal) else { try fail(help: "write let \(name) = VALUE") }
        advance()
        let value: Expr
        if current.isKeyword("get") {
            let query = try subquery()
            value = .subquery(query, span: query.span)
        } else {
            value = try self.value(for: nil)
        }
        return Assignment(name: name, nameSpan: nameToken.span, value: value,
                          span: SourceSpan(start: keyword.span.start, end: lastEnd))
    }

    // MARK: Queries

    mutating func query() throws -> Query {
        let keyword = advance()
        querySource = nil
        stagesSoFar = []
        let sourceRef: SourceRef
        do {
            sourceRef = try self.sourceRef()
        } catch {
            skipToPipe()
            sourceRef = SourceRef(kind: .resource(""), span: SourceSpan(at: keyword.span.end))
        }
        querySource = sourceRef
        var stages: [Stage] = []
        func add(_ stage: Stage?) {
            if let stage { stages.append(stage) }
            stagesSoFar = stages
        }
        if at(keyword: "where") {
            add(recovering { try $0.filterStage() })
        }
        while true {
            if at(.pipe) {
                let pipe = advance()
                if current.isEnd || current.isSymbol(.pipe) {
                    for k in Self.stageKeywords { expect(.keyword(k)) }
                    noteEnd()
                    report("expected a stage after '|'", at: current.isEnd ? SourceSpan(at: pipe.span.end) : current.span,
                           help: "stages: " + Self.stageKeywords.joined(separator: ", "))
                    continue
                }
                add(recovering { try $0.stage() })
            } else if current.isEnd || (nesting > 0 && current.isSymbol(.rightParen)) {
                break
            } else if let word = current.keyword, Self.stageKeywords.contains(word) {
                report("expected '|' before '\(text(current))'", at: current.span,
                       help: "stages are separated by '|': … | \(text(current)) …")
                add(recovering { try $0.stage() })
            } else {
                let before = index
                _ = recovering { parser -> Stage? in
                    try parser.fail()
                }
                // Always move on, whatever the recovery stopped at.
                if index == before { advance() }
            }
        }
        noteEnd()
        return Query(source: sourceRef, stages: stages, span: SourceSpan(start: keyword.span.start, end: lastEnd))
    }

    /// Runs a stage parser; on failure skips to the next `|` and yields nil.
    mutating func recovering(_ body: (inout Parser) throws -> Stage?) -> Stage? {
        do {
            return try body(&self)
        } catch {
            skipToPipe()
            return nil
        }
    }

    mutating func sourceRef() throws -> SourceRef {
        expect(.source)
        let token = current
        guard let word = token.keyword else {
            if case .string(let s, _, _) = token.kind {
                try fail("expected a source, found \(token.quoted)", help: "source names are not quoted: get \(s) …, or get file '\(s)'")
            }
            try fail(help: "sources: " + (Schema.resources.map(\.name) + ["file 'PATH'", "stdin"]).joined(separator: ", "))
        }
        advance()
        switch word {
        case "file":
            expect(.filePath)
            guard case .string(let path, _, _) = current.kind else {
                try fail(help: "give the path in quotes: file 'rows.json'")
            }
            let pathToken = advance()
            return try readAs(SourceRef(kind: .file(path), span: token.span.union(pathToken.span)))
        case "stdin":
            return try readAs(SourceRef(kind: .stdin, span: token.span))
        default:
            return SourceRef(kind: .resource(word), span: token.span)
        }
    }

    /// A query inside another statement (`let x = get …`, `in (get …)`); the outer query's
    /// state is kept for completion.
    mutating func subquery() throws -> Query {
        let (outerSource, outerStages) = (querySource, stagesSoFar)
        nesting += 1
        defer {
            nesting -= 1
            (querySource, stagesSoFar) = (outerSource, outerStages)
        }
        return try query()
    }

    /// `as csv`, `as contracts` after a file or stdin source.
    mutating func readAs(_ source: SourceRef) throws -> SourceRef {
        guard at(keyword: "as") else { return source }
        advance()
        expect(.readAs)
        guard case .word(let name) = current.kind else {
            try fail(help: "write as csv, as tsv, as json or as a resource: as " + Schema.resources.map(\.name).joined(separator: ", as "))
        }
        let nameToken = advance()
        var source = source
        source.readAs = name.lowercased()
        source.readAsSpan = nameToken.span
        source.span = source.span.union(nameToken.span)
        return source
    }
}
