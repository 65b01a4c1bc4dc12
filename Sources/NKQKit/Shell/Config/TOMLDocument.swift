/// The subset of TOML that nkq's config file needs: `[table.headers]` (bare or quoted keys),
/// `key = value` with basic and literal strings, integers and booleans, and `#` comments.
/// Anything else is an error that points at its line and column.
public struct TOMLDocument: Sendable {
    public enum Value: Sendable, Hashable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case bool(Bool)

        public var typeName: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .bool: "a boolean"
            }
        }

        public var description: String {
            switch self {
            case .string(let s): "\"\(s)\""
            case .integer(let i): String(i)
            case .bool(let b): String(b)
            }
        }
    }

    public struct Entry: Sendable {
        public var key: String
        public var value: Value
        public var keySpan: SourceSpan
        public var valueSpan: SourceSpan
    }

    public struct Table: Sendable {
        /// Empty for the keys before the first header.
        public var path: [String]
        public var headerSpan: SourceSpan
        public var entries: [Entry]

        public subscript(key: String) -> Entry? { entries.first { $0.key == key } }
    }

    public var source: SourceText
    public var tables: [Table]

    public static func parse(_ source: SourceText) throws(ShellError) -> TOMLDocument {
        var reader = TOMLReader(source: source)
        return TOMLDocument(source: source, tables: try reader.read())
    }
}

/// Reads a `TOMLDocument`, one line at a time.
private struct TOMLReader {
    let source: SourceText
    var chars: [Character] { source.characters }
    var i = 0

    init(source: SourceText) { self.source = source }

    mutating func read() throws(ShellError) -> [TOMLDocument.Table] {
        var tables = [TOMLDocument.Table(path: [], headerSpan: SourceSpan(at: 0), entries: [])]
        while i < chars.count {
            skipBlanks()
            guard i < chars.count else { break }
            switch chars[i] {
            case let c where c.isNewline:
                i += 1
            case "#":
                skipToLineEnd()
            case "[":
                let start = i
                i += 1
                if peek == "[" { throw fail("arrays of tables ([[…]]) are not supported", from: start, length: 2) }
                let path = try readKeyPath()
                skipBlanks()
                guard peek == "]" else { throw fail("expected ']' to close the table header", from: i) }
                i += 1
                let span = SourceSpan(start: start, end: i)
                try expectLineEnd()
                if tables.contains(where: { $0.path == path }) {
                    throw fail("table [\(path.joined(separator: "."))] is defined twice", span: span)
                }
                tables.append(.init(path: path, headerSpan: span, entries: []))
            default:
                let keyStart = i
                let key = try readKeyPath()
                let keySpan = SourceSpan(start: keyStart, end: i)
                if key.count > 1 {
                    throw fail("dotted keys are not supported; use a [table] header", span: keySpan)
                }
                skipBlanks()
                guard peek == "=" else { throw fail("expected '=' after the key '\(key[0])'", from: i) }
                i += 1
                skipBlanks()
                let valueStart = i
                let value = try readValue()
                let valueSpan = SourceSpan(start: valueStart, end: i)
                try expectLineEnd()
                if tables[tables.count - 1][key[0]] != nil {
                    throw fail("the key '\(key[0])' is defined twice in this table", span: keySpan)
                }
                tables[tables.count - 1].entries.append(.init(key: key[0], value: value, keySpan: keySpan, valueSpan: valueSpan))
            }
        }
        return tables
    }

    var peek: Character? { i < chars.count ? chars[i] : nil }

    mutating func skipBlanks() {
        while let c = peek, c == " " || c == "\t" { i += 1 }
    }

    mutating func skipToLineEnd() {
        while let c = peek, !c.isNewline { i += 1 }
    }

    /// After a header or a value only blanks and a comment may follow on the line.
    mutating func expectLineEnd() throws(ShellError) {
        skipBlanks()
        guard let c = peek, !c.isNewline else { return }
        if c == "#" { skipToLineEnd(); return }
        throw fail("unexpected text after the value; start a comment with '#'", from: i)
    }

    mutating func readKeyPath() throws(ShellError) -> [String] {
        var path: [String] = []
        while true {
            skipBlanks()
            path.append(try readKey())
            skipBlanks()
            guard peek == "." else { return path }
            i += 1
        }
    }

    mutating func readKey() throws(ShellError) -> String {
        guard let c = peek else { throw fail("expected a key", from: i) }
        if c == "\"" || c == "'" { return try readString() }
        let start = i
        while let c = peek, c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" { i += 1 }
        guard i > start else {
            throw fail("expected a key (letters, digits, '_' or '-', or a quoted string)", from: i)
        }
        return String(chars[start..<i])
    }

    mutating func readValue() throws(ShellError) -> TOMLDocument.Value {
        guard let c = peek, !c.isNewline, c != "#" else {
            throw fail("expected a value after '='", from: i)
        }
        if c == "\"" || c == "'" { return .string(try readString()) }
        let start = i
        while let c = peek, !(c == " " || c == "\t" || c.isNewline || c == "#") { i += 1 }
        let word = String(chars[start..<i])
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default:
            let digits = word.filter { $0 != "_" }
            if let n = Int(digits), !word.hasPrefix("_"), !word.hasSuffix("_") { return .integer(n) }
            throw fail("expected a value: a quoted string, an integer, true or false", span: SourceSpan(start: start, end: i))
        }
    }

    /// A basic ("…", with escapes) or literal ('…') string on one line.
    mutating func readString() throws(ShellError) -> String {
        let start = i
        let quote = chars[i]
        i += 1
        if peek == quote, i + 1 < chars.count, chars[i + 1] == quote {
            throw fail("multi-line strings are not supported", from: start, length: 3)
        }
        var out = ""
        while true {
            guard let c = peek, !c.isNewline else {
                throw fail("unterminated string; close it with \(quote) on the same line", from: start, length: 1)
            }
            i += 1
            if c == quote { return out }
            if c == "\\", quote == "\"" {
                out.append(try readEscape(at: i - 1))
            } else {
                out.append(c)
            }
        }
    }

    mutating func readEscape(at start: Int) throws(ShellError) -> Character {
        guard let c = peek else { throw fail("unterminated escape", from: start, length: 1) }
        i += 1
        switch c {
        case "\"": return "\""
        case "\\": return "\\"
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            guard i + count <= chars.count,
                  let code = UInt32(String(chars[i..<(i + count)]), radix: 16),
                  let scalar = Unicode.Scalar(code) else {
                throw fail("bad unicode escape; write \\u and 4 hex digits or \\U and 8", from: start, length: 2)
            }
            i += count
            return Character(scalar)
        default:
            throw fail("unknown escape '\\\(c)'", from: start, length: 2)
        }
    }

    func fail(_ message: String, from offset: Int, length: Int = 1) -> ShellError {
        let start = min(offset, chars.count)
        return fail(message, span: SourceSpan(start: start, end: min(start + length, chars.count)))
    }

    func fail(_ message: String, span: SourceSpan) -> ShellError {
        ShellError(.error(.syntax, message, at: span), in: source)
    }
}
