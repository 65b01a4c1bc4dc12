#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where a JSON row stream went wrong: the line and the byte offset in the whole stream.
public struct JSONStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let offset: Int
    public let message: String
    /// The value is valid as far as read, but longer than `NDJSONReader.maxValueBytes`.
    public var isTooLong = false
    public var description: String {
        isTooLong ? "line \(line) (byte \(offset)): \(message)" : "invalid JSON on line \(line) (byte \(offset)): \(message)"
    }
}

/// Reads JSON values one at a time from a file descriptor without loading the whole input.
///
/// The layout is detected from the first non-space byte: `[` means one JSON array whose
/// elements are yielded one by one; anything else is NDJSON (one value per line, blank lines
/// skipped). Memory stays at the size of the largest single value, not of the input, and one
/// value may be at most `maxValueBytes` long: input without line breaks (`/dev/zero`) is an
/// error, not a buffer that grows for ever.
public struct NDJSONReader {
    /// The longest line (or array element) read as one value: 16 MiB.
    public static let maxValueBytes = 16 << 20

    public enum Layout: Sendable, Equatable {
        case array
        case lines
    }

    private let fileDescriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// Bytes dropped from the front of `buffer` so far, for stream offsets.
    private var consumed = 0
    /// Newlines seen before `start`, for line numbers.
    private var linesBefore = 0
    private var state = State.undetected

    private enum State {
        case undetected
        case arrayFirst
        case arrayNext
        case lines
        case done
    }

    /// `prefix`: bytes already read from the descriptor (a peek at stdin), read first.
    public init(fileDescriptor: Int32, prefix: [UInt8] = [], bufferSize: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.buffer = prefix + [UInt8](repeating: 0, count: max(bufferSize, 16))
        self.end = prefix.count
    }

    /// Reads the bytes in memory as the whole input.
    init(bytes: [UInt8]) {
        self.fileDescriptor = -1
        self.buffer = bytes + [UInt8](repeating: 0, count: 16)
        self.end = bytes.count
        self.atEOF = true
    }

    public init(fileHandle: FileHandle, bufferSize: Int = 1 << 16) {
        self.init(fileDescriptor: fileHandle.fileDescriptor, bufferSize: bufferSize)
    }

    /// The layout, once the first value has been asked for (nil for an empty input).
    public private(set) var layout: Layout?
    /// The first line whose strings held bytes that are not UTF-8 (read as U+FFFD).
    public private(set) var firstLineWithInvalidUTF8: Int?
    /// The top-level fields of object rows to build (nil: all); it notes the names met.
    var selection: JSONFieldSelection?

    /// Reads as far as the first value to tell the layout; nil for an empty input.
    mutating func detectLayout() throws -> Layout? {
        if state == .undetected {
            try skipByteOrderMark()
            guard let b = try peekNonSpace() else {
                state = .done
                return nil
            }
            if b == UInt8(ascii: "[") {
                start += 1
                state = .arrayFirst
                layout = .array
            } else {
                state = .lines
                layout = .lines
            }
        }
        return layout
    }

    /// The next whole lines of a `.lines` input (at most `maxLines`, as many as the buffer
    /// holds, at least one), nil at the end; for parsing elsewhere (`NDJSONChunk.values`). A line
    /// longer than `maxValueBytes` throws as `next()` does. A bad line fails its chunk, so the
    /// chunk's size decides how many rows before it are handed on first.
    mutating func nextChunk(maxLines: Int = 1024) throws -> NDJSONChunk? {
        guard try detectLayout() == .lines, state == .lines else { return nil }
        while true {
            // Fill the buffer from its start, so that a chunk is as large as the buffer.
            while !atEOF, start > 0 || end < buffer.count { try fill() }
            if start == end {
                state = .done
                return nil
            }
            // Up to the maxLines-th line break; at the end of the input, the rest.
            var cut: Int?
            var lines = 0
            buffer.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[..<end])
                var from = start
                while lines < maxLines, let newline = NDJSONChunk.newline(in: bytes, from: from) {
                    lines += 1
                    cut = newline + 1
                    from = newline + 1
                }
            }
            if atEOF, lines < maxLines { cut = end }
            guard let cut else {
                try fill()  // one line fills the buffer: it grows, up to maxValueBytes
                continue
            }
            let chunk = NDJSONChunk(bytes: Array(buffer[start..<cut]), firstLine: linesBefore + 1, offset: consumed + start)
            linesBefore += lines
            start = cut
            return chunk
        }
    }

    /// The next value, or nil at the end of the input.
    public mutating func next() throws -> JSONValue? {
        while true {
            switch state {
            case .done:
                return nil
            case .undetected:
                _ = try detectLayout()
            case .lines:
                guard let value = try nextLine() else {
                    state = .done
                    return nil
                }
                return value
            case .arrayFirst, .arrayNext:
                return try nextElement()
            }
        }
    }

    /// Files saved by some Windows tools start with a UTF-8 byte order mark; it is not JSON.
    private mutating func skipByteOrderMark() throws {
        while end - start < 3, !atEOF { try fill() }
        if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
        }
    }

    // MARK: Lines

    private mutating func nextLine() throws -> JSONValue? {
        while true {
            // `scanned` counts bytes after `start` known to hold no newline; fill() moves `start`.
            var scanned = 0
            var newline: Int?
            while true {
                if let i = buffer.withUnsafeBufferPointer({ NDJSONChunk.newline(in: UnsafeBufferPointer(rebasing: $0[..<end]), from: start + scanned) }) {
                    newline = i
                    break
                }
                scanned = end - start
                if atEOF { break }
                try fill()
            }
            let lineEnd = newline ?? end
            if start == lineEnd && newline == nil { return nil }
            let lineNumber = linesBefore + 1
            let lineStart = start
            start = newline.map { $0 + 1 } ?? end
            linesBefore += newline == nil ? 0 : 1
            if isBlank(lineStart..<lineEnd) {
                if newline == nil { return nil }
                continue
            }
            return try parse(lineStart..<lineEnd, line: lineNumber)
        }
    }

    private func isBlank(_ range: Range<Int>) -> Bool {
        buffer.withUnsafeBufferPointer { NDJSONChunk.isBlank(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    // MARK: Array elements

    private mutating func nextElement() throws -> JSONValue? {
        guard let first = try peekNonSpace() else {
            throw streamError(at: start, "unexpected end of input in the top-level array")
        }
        if state == .arrayFirst {
            state = .arrayNext
            if first == UInt8(ascii: "]") {
                start += 1
                try expectOnlySpaceAfterArray()
                return nil
            }
        } else {
            if first == UInt8(ascii: "]") {
                start += 1
                try expectOnlySpaceAfterArray()
                return nil
            }
            guard first == UInt8(ascii: ",") else {
                throw streamError(at: start, "expected ',' or ']' in the top-level array")
            }
            start += 1
            guard try peekNonSpace() != nil else {
                throw streamError(at: start, "unexpected end of input in the top-level array")
            }
        }
        let elementEnd = try scanElementEnd()
        if elementEnd == start { throw streamError(at: start, "expected a value") }
        let lineNumber = linesBefore + 1
        let range = start..<elementEnd
        let value = try parse(range, line: lineNumber)
        linesBefore += buffer[range].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        start = elementEnd
        return value
    }

    /// Finds where the element at `start` ends: the first `,` or `]` outside strings and
    /// brackets. May refill (and so move) the buffer; returns an index into the buffer.
    private mutating func scanElementEnd() throws -> Int {
        var depth = 0
        var inString = false
        var escaped = false
        var offset = 0
        while true {
            while start + offset < end {
                let b = buffer[start + offset]
                if inString {
                    if escaped {
                        escaped = false
                    } else if b == UInt8(ascii: "\\") {
                        escaped = true
                    } else if b == UInt8(ascii: "\"") {
                        inString = false
                    }
                } else {
                    switch b {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        if depth == 0 { return start + offset }
                        depth -= 1
                    case UInt8(ascii: ","):
                        if depth == 0 { return start + offset }
                    default: break
                    }
                }
                offset += 1
            }
            if atEOF {
                // Let the parser report what is wrong with the unfinished element.
                return end
            }
            try fill()
        }
    }

    private mutating func expectOnlySpaceAfterArray() throws {
        state = .done
        if try peekNonSpace() != nil {
            throw streamError(at: start, "unexpected text after the top-level array")
        }
    }

    // MARK: Buffer

    private mutating func parse(_ range: Range<Int>, line: Int) throws -> JSONValue {
        var repaired = false
        var selection = self.selection.take()
        defer { self.selection = selection }
        let offset = consumed + range.lowerBound
        let value = try buffer.withUnsafeBufferPointer { all in
            try NDJSONChunk.parse(UnsafeBufferPointer(rebasing: all[range]), line: line, offset: offset,
                                  repairedUTF8: &repaired, keeping: &selection)
        }
        if repaired, firstLineWithInvalidUTF8 == nil { firstLineWithInvalidUTF8 = line }
        return value
    }

    private func streamError(at index: Int, _ message: String, line: Int? = nil) -> JSONStreamError {
        let lineNumber = line ?? (linesBefore + 1 + buffer[start..<min(max(index, start), end)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
        return JSONStreamError(line: lineNumber, offset: consumed + index, message: message)
    }

    /// Skips spaces (counting newlines) and returns the next byte without consuming it.
    private mutating func peekNonSpace() throws -> UInt8? {
        while true {
            while start < end {
                let b = buffer[start]
                switch b {
                case 0x0A:
                    linesBefore += 1
                    start += 1
                case 0x20, 0x09, 0x0D:
                    start += 1
                default:
                    return b
                }
            }
            if atEOF { return nil }
            try fill()
        }
    }

    /// Reads more input after `end`, first moving unread bytes to the front and growing the
    /// buffer when one value fills it.
    private mutating func fill() throws {
        if start > 0 {
            let unread = end - start
            if unread > 0 {
                buffer.withUnsafeMutableBufferPointer { b in
                    _ = memmove(b.baseAddress!, b.baseAddress! + start, unread)
                }
            }
            consumed += start
            start = 0
            end = unread
        }
        if end == buffer.count {
            guard buffer.count < Self.maxValueBytes else {
                var error = JSONStreamError(line: linesBefore + 1, offset: consumed,
                                            message: "one value is longer than 16 MiB, the most nkq reads as one row")
                error.isTooLong = true
                throw error
            }
            buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, Self.maxValueBytes - buffer.count)))
        }
        let fd = fileDescriptor
        let capacity = buffer.count - end
        let count: Int = buffer.withUnsafeMutableBufferPointer { b in
            while true {
                let n = read(fd, b.baseAddress! + end, capacity)
                if n < 0 && errno == EINTR { continue }
                return n
            }
        }
        if count < 0 {
            throw JSONStreamError(line: linesBefore + 1, offset: consumed + end,
                                  message: "read failed: \(String(cString: strerror(errno)))")
        }
        if count == 0 { atEOF = true }
        end += count
    }
}
