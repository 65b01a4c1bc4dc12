/// One lexical unit of the query language, with the characters it was read from.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A name: a keyword, a source, a field path segment or a function. Keywords are not
        /// reserved by the lexer; the parser matches them case-insensitively where they may stand.
        case word(String)
        /// Text of a quoted string with escapes applied. `closed` is false when the input ended
        /// (or a diagnostic was reported) before the closing quote.
        case string(String, quote: Character, closed: Bool)
        case integer(Int)
        /// Kept as written, so that no precision is lost.
        case decimal(String)
        case date(year: Int, month: Int, day: Int)
        /// ISO-8601 as written (validated).
        case timestamp(String)
        /// `30d`, `2h`: an amount and a unit, used after `today`/`now`.
        case duration(Int, Expr.TimeUnit)
        /// `$NAME` (the name without the dollar).
        case parameter(String)
        case symbol(Symbol)
        /// A line break. The statement splitter decides whether it ends a statement.
        case newline
        /// Characters the lexer could not read; a diagnostic has been reported for them.
        case invalid(String)
        /// End of the statement or input (synthetic, empty span).
        case end
    }

    public enum Symbol: String, Sendable, Hashable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case leftParen = "(", rightParen = ")", comma = ",", dot = ".", pipe = "|", semicolon = ";", star = "*"
        case plus = "+", minus = "-"
    }

    public var kind: Kind
    public var span: SourceSpan

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The word in lower case when this token is a word (for keyword matching).
    public var keyword: String? {
        if case .word(let w) = kind { return w.lowercased() }
        return nil
    }

    public func isKeyword(_ k: String) -> Bool { keyword == k }

    public func isSymbol(_ s: Symbol) -> Bool {
        if case .symbol(let t) = kind { return t == s }
        return false
    }

    public var isEnd: Bool { if case .end = kind { return true } else { return false } }
    public var isNewline: Bool { if case .newline = kind { return true } else { return false } }

    /// How the token reads in a message: `'where'`, `'='`, `end of line`.
    public var quoted: String {
        switch kind {
        case .word(let w): "'\(w)'"
        case .string(let s, let q, _): "the string \(q)\(s)\(q)"
        case .integer(let i): "the number \(i)"
        case .decimal(let d): "the number \(d)"
        case .date(let y, let m, let d): "the date " + Token.dateText(y, m, d)
        case .timestamp(let t): "the timestamp \(t)"
        case .duration(let n, let u): "'\(n)\(u.rawValue)'"
        case .parameter(let p): "'$\(p)'"
        case .symbol(let s): "'\(s.rawValue)'"
        case .newline: "end of line"
        case .invalid(let t): "'\(t)'"
        case .end: "end of input"
        }
    }

    static func dateText(_ y: Int, _ m: Int, _ d: Int) -> String {
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
