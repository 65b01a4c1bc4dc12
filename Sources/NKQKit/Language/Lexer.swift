import NKQCalendar

/// Turns text into tokens. Offsets are in Characters, so columns count what a person sees
/// (æøå are one column each). Lexical errors become diagnostics and `.invalid` tokens; the
/// lexer never stops early and never traps.
public struct Lexer {
    public struct Output: Sendable {
        public var tokens: [Token]
        public var diagnostics: [Diagnostic]
    }

    /// Offsets are those of the whole text, also when only a part of it is read.
    private let chars: ArraySlice<Character>
    private var position: Int
    private var tokens: [Token] = []
    private var diagnostics: [Diagnostic] = []

    private init(_ chars: ArraySlice<Character>) {
        self.chars = chars
        self.position = chars.startIndex
    }

    /// Every token of the text, ending with `.end`.
    public static func tokenize(_ source: SourceText) -> Output {
        tokenize(source.characters)
    }

    public static func tokenize(_ characters: [Character]) -> Output {
        tokenize(characters[...])
    }

    /// The tokens of a part of a text; their spans are offsets in the whole text.
    public static func tokenize(_ characters: ArraySlice<Character>) -> Output {
        var lexer = Lexer(characters)
        lexer.run()
        return Output(tokens: lexer.tokens, diagnostics: lexer.diagnostics)
    }

    // MARK: Character classes

    static func isNewline(_ c: Character) -> Bool { SourceText.isNewline(c) }
    // ASCII first: Character's Unicode properties are slow to ask, and most text is ASCII.
    static func isDigit(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return a >= 48 && a <= 57
    }

    static func isWordStart(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return c.isLetter }
        return (a >= 97 && a <= 122) || (a >= 65 && a <= 90) || a == 95
    }

    static func isWordPart(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return c.isLetter }
        return (a >= 97 && a <= 122) || (a >= 65 && a <= 90) || a == 95 || (a >= 48 && a <= 57)
    }

    static func isSpace(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return c.isWhitespace }
        return a == 32 || a == 9 || a == 11 || a == 12
    }

    private func peek(_ ahead: Int = 0) -> Character? {
        let i = position + ahead
        return i < chars.endIndex ? chars[i] : nil
    }

    private mutating func emit(_ kind: Token.Kind, from start: Int) {
        tokens.append(Token(kind, SourceSpan(start: start, end: position)))
    }

    private mutating func report(_ message: String, _ span: SourceSpan, help: String? = nil) {
        diagnostics.append(.error(.lexical, message, at: span, help: help))
    }

    // MARK: Main loop

    private mutating func run() {
        while let c = peek() {
            let start = position
            if Lexer.isNewline(c) {
                position += 1
                emit(.newline, from: start)
            } else if Lexer.isSpace(c) {
                position += 1
            } else if c == "#" {
                while let d = peek(), !Lexer.isNewline(d) { position += 1 }
            } else if Lexer.isWordStart(c) {
                while let d = peek(), Lexer.isWordPart(d) { position += 1 }
                emit(.word(String(chars[start..<position])), from: start)
            } else if Lexer.isDigit(c) {
                lexNumber()
            } else if c == "'" || c == "\"" {
                lexString(quote: c)
            } else if c == "$" {
                lexParameter()
            } else {
                lexSymbol(c)
            }
        }
        tokens.append(Token(.end, SourceSpan(at: chars.endIndex)))
    }

    private mutating func lexParameter() {
        let start = position
        position += 1
        guard let c = peek(), Lexer.isWordStart(c) else {
            report("expected a parameter name after '$'", SourceSpan(start: start, end: position),
                   help: "parameters are written $NAME, e.g. $supplier")
            emit(.invalid("$"), from: start)
            return
        }
        while let d = peek(), Lexer.isWordPart(d) { position += 1 }
        emit(.parameter(String(chars[(start + 1)..<position])), from: start)
    }

    private mutating func lexSymbol(_ c: Character) {
        let start = position
        position += 1
        let next = peek()
        func two(_ symbol: Token.Symbol) {
            position += 1
            emit(.symbol(symbol), from: start)
        }
        switch c {
        case "=":
            if next == "=" {
                two(.equal)
                report("'==' is not an operator", SourceSpan(start: start, end: position), help: "use '=' to compare")
            } else {
                emit(.symbol(.equal), from: start)
            }
        case "!":
            if next == "=" {
                two(.notEqual)
            } else {
                report("unexpected '!'", SourceSpan(start: start, end: position), help: "use '!=' to compare or 'not' to negate")
                emit(.invalid("!"), from: start)
            }
        case "<":
            if next == "=" {
                two(.lessOrEqual)
            } else if next == ">" {
                two(.notEqual)
                report("'<>' is not an operator", SourceSpan(start: start, end: position), help: "use '!=' for 'not equal'")
            } else {
                emit(.symbol(.less), from: start)
            }
        case ">":
            if next == "=" { two(.greaterOrEqual) } else { emit(.symbol(.greater), from: start) }
        default:
            if let symbol = Token.Symbol(rawValue: String(c)) {
                emit(.symbol(symbol), from: start)
            } else {
                report("unexpected character '\(c)'", SourceSpan(start: start, end: position),
                       help: c == "`" ? "quote text with ' or \"" : nil)
                emit(.invalid(String(c)), from: start)
            }
        }
    }

    // MARK: Strings

    private mutating func lexString(quote: Character) {
        let start = position
        position += 1
        var text = ""
        while let c = peek() {
            if c == quote {
                position += 1
                emit(.string(text, quote: quote, closed: true), from: start)
                return
            }
            if c == "\\" {
                lexEscape(into: &text)
            } else {
                text.append(c)
                position += 1
            }
        }
        report("unterminated string", SourceSpan(start: start, end: start + 1),
               help: "add \(quote) to close the string opened here")
        emit(.string(text, quote: quote, closed: false), from: start)
    }

    private mutating func lexEscape(into text: inout String) {
        let start = position
        position += 1
        guard let c = peek() else { return }
        position += 1
        switch c {
        case "n": text.append("\n")
        case "t": text.append("\t")
        case "r": text.append("\r")
        case "\\", "'", "\"": text.append(c)
        case "u" where peek() == "{":
            position += 1
            var hex = ""
            while let h = peek(), h.isHexDigit, hex.count < 8 {
                hex.append(h)
                position += 1
            }
            if peek() == "}", !hex.isEmpty, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                position += 1
                text.append(Character(scalar))
            } else {
                if peek() == "}" { position += 1 }
                report("invalid unicode escape", SourceSpan(start: start, end: position),
                       help: "write a code point in hex, e.g. \\u{E6} for æ")
            }
        case "\n", "\r\n", "\r":
            report("a backslash at the end of a line is not an escape", SourceSpan(start: start, end: position - 1),
                   help: "a string may span lines as it is; write \\\\ for a backslash")
            text.append(c)
        default:
            report("unknown escape '\\\(c)'", SourceSpan(start: start, end: position),
                   help: "escapes are \\n \\t \\\\ \\' \\\" and \\u{…}; write \\\\ for a backslash")
            text.append(c)
        }
    }

    // MARK: Numbers, dates, timestamps, durations

    private mutating func digits(max: Int = .max) -> String {
        var s = ""
        while let d = peek(), Lexer.isDigit(d), s.count < max {
            s.append(d)
            position += 1
        }
        return s
    }

    /// Whether the characters from `position + offset` match a pattern of `d` (digit) and literal characters.
    private func matches(_ pattern: String, at offset: Int = 0) -> Bool {
        var i = position + offset
        for p in pattern {
            guard i < chars.endIndex else { return false }
            if p == "d" {
                if !Lexer.isDigit(chars[i]) { return false }
            } else if chars[i] != p {
                return false
            }
            i += 1
        }
        return true
    }

    private mutating func lexNumber() {
        let start = position
        if matches("dddd-dd-dd") {
            lexDate(start: start)
            return
        }
        let whole = digits()
        if peek() == ".", let after = peek(1), Lexer.isDigit(after) {
            position += 1
            let fraction = digits()
            if trailingLetters(start: start) { return }
            emit(.decimal(whole + "." + fraction), from: start)
            return
        }
        if let u = peek(), let unit = Expr.TimeUnit(rawValue: String(u).lowercased()),
           !(peek(1).map(Lexer.isWordPart) ?? false) {
            position += 1
            if let amount = Int(whole) {
                emit(.duration(amount, unit), from: start)
            } else {
                report("number too large", SourceSpan(start: start, end: position))
                emit(.invalid(String(chars[start..<position])), from: start)
            }
            return
        }
        if trailingLetters(start: start) { return }
        if let value = Int(whole) {
            emit(.integer(value), from: start)
        } else {
            report("number too large", SourceSpan(start: start, end: position),
                   help: "integers must fit in 64 bits; quote it if it is an identifier such as a GTIN")
            emit(.invalid(whole), from: start)
        }
    }

    /// Letters glued to a number (`30min`, `12abc`) are one bad token, reported once.
    private mutating func trailingLetters(start: Int) -> Bool {
        guard let c = peek(), Lexer.isWordPart(c) else { return false }
        while let d = peek(), Lexer.isWordPart(d) || d == "." { position += 1 }
        let text = String(chars[start..<position])
        let looksLikeDuration = text.first.map(Lexer.isDigit) == true && text.contains(where: \.isLetter)
        report("invalid number '\(text)'", SourceSpan(start: start, end: position),
               help: looksLikeDuration ? "a duration is a whole number and one unit: h, d, w, m or y (e.g. 30d)" : nil)
        emit(.invalid(text), from: start)
        return true
    }

    private mutating func lexDate(start: Int) {
        let year = digits(max: 4)
        position += 1
        let month = digits(max: 2)
        position += 1
        let day = digits(max: 2)
        let text = String(chars[start..<position])
        // A real day, or nil (the digits always read: `matches` let only digits through).
        let date: (year: Int, month: Int, day: Int)? =
            if let y = Int(year), let m = Int(month), let d = Int(day), CivilDate.isValid(year: y, month: m, day: d) {
                (y, m, d)
            } else {
                nil
            }
        if date == nil {
            report("invalid date '\(text)'", SourceSpan(start: start, end: position),
                   help: "dates are written YYYY-MM-DD with a real month and day")
        }
        if let t = peek(), t == "T" || t == "t", peek(1).map(Lexer.isDigit) == true {
            if lexTime(start: start) && date != nil {
                emit(.timestamp(String(chars[start..<position])), from: start)
            } else {
                emit(.invalid(String(chars[start..<position])), from: start)
            }
            return
        }
        if trailingLetters(start: start) { return }
        if let date {
            emit(.date(year: date.year, month: date.month, day: date.day), from: start)
        } else {
            emit(.invalid(text), from: start)
        }
    }

    /// `Thh:mm[:ss[.fff]][Z|±hh:mm]`; reports and returns false when malformed.
    private mutating func lexTime(start: Int) -> Bool {
        position += 1
        var ok = true
        func number(_ limit: Int) -> Bool {
            let s = digits(max: 2)
            guard s.count == 2, let v = Int(s), v <= limit else { return false }
            return true
        }
        ok = number(23) && ok
        if peek() == ":" { position += 1; ok = number(59) && ok } else { ok = false }
        if ok, peek() == ":" {
            position += 1
            ok = number(60) && ok
            if ok, peek() == ".", peek(1).map(Lexer.isDigit) == true {
                position += 1
                _ = digits()
            }
        }
        if ok {
            if peek() == "Z" || peek() == "z" {
                position += 1
            } else if peek() == "+" || peek() == "-", matches("dd:dd", at: 1) {
                position += 1
                ok = number(23) && ok
                position += 1
                ok = number(59) && ok
            }
        }
        while let c = peek(), Lexer.isWordPart(c) || c == ":" || c == "." {
            ok = false
            position += 1
        }
        if !ok {
            report("invalid timestamp '\(String(chars[start..<position]))'", SourceSpan(start: start, end: position),
                   help: "timestamps are written like 2024-01-31T10:00:00Z or 2024-01-31T10:00:00.5+01:00")
        }
        return ok
    }
}
