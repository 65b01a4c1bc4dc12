/// A range of characters (not bytes) in a `SourceText`: `start..<end`, 0-based offsets.
/// An empty span (`start == end`) points between two characters, e.g. at end of input.
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "span start after end")
        self.start = start
        self.end = end
    }

    public init(at offset: Int) {
        self.init(start: offset, end: offset)
    }

    /// The smallest span that covers both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }

    public var length: Int { end - start }
    public var description: String { "\(start)..<\(end)" }
}

/// Text that statements were read from, with where it came from, for rendering positions.
public struct SourceText: Sendable {
    public let text: String
    /// A file path for scripts; nil for `-c` text and REPL input.
    public let name: String?
    /// The text split into characters, so that spans index it directly.
    public let characters: [Character]

    public init(_ text: String, name: String? = nil) {
        self.text = text
        self.name = name
        self.characters = Array(text)
    }

    /// 1-based line and column (in characters) of an offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        let limit = min(offset, characters.count)
        while i < limit {
            if Self.isNewline(characters[i]) {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    /// The text of a 1-based line, without its newline.
    public func line(_ number: Int) -> String {
        var current = 1
        var start = 0
        for (i, c) in characters.enumerated() {
            if current == number {
                start = i
                break
            }
            if Self.isNewline(c) {
                current += 1
                if current == number { start = i + 1; break }
            }
        }
        if current < number { return "" }
        var end = start
        while end < characters.count, !Self.isNewline(characters[end]) { end += 1 }
        return String(characters[start..<end])
    }

    /// Line breaks as the lexer reads them: LF, CRLF (one Character in Swift) and CR.
    static func isNewline(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }

    public func slice(_ span: SourceSpan) -> String {
        let s = max(0, min(span.start, characters.count))
        let e = max(s, min(span.end, characters.count))
        return String(characters[s..<e])
    }
}
