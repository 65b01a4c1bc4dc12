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
    /// Where each line starts, so that finding an offset's line does not read the text before
    /// it: the errors of a long script render in linear time.
    private let lineStarts: [Int]

    public init(_ text: String, name: String? = nil) {
        self.text = text
        self.name = name
        self.characters = Array(text)
        var starts = [0]
        for (i, c) in characters.enumerated() where Self.isNewline(c) { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column (in characters) of an offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let limit = max(0, min(offset, characters.count))
        // The last line start at or before `limit`.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= limit { low = middle } else { high = middle - 1 }
        }
        return (low + 1, limit - lineStarts[low] + 1)
    }

    /// The text of a 1-based line, without its newline.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
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
