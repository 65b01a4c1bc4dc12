#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole lines of an NDJSON stream, cut from the input by `NDJSONReader.nextChunk()` so that
/// they can be parsed elsewhere: chunks of one file parse in parallel, in order.
struct NDJSONChunk: Sendable {
    let bytes: [UInt8]
    /// The line number of the chunk's first line, and the chunk's offset in the stream.
    let firstLine: Int
    let offset: Int

    /// The chunk's values, blank lines skipped. Errors point into the whole stream, as
    /// `NDJSONReader.next()` does.
    func values(keeping selection: inout JSONFieldSelection?) throws -> (values: [JSONValue], firstLineWithInvalidUTF8: Int?) {
        var values: [JSONValue] = []
        var invalidUTF8: Int?
        try bytes.withUnsafeBufferPointer { all in
            var lineStart = 0
            var line = firstLine
            while lineStart < all.count {
                let lineEnd = NDJSONChunk.newline(in: all, from: lineStart) ?? all.count
                let range = lineStart..<lineEnd
                if !NDJSONChunk.isBlank(UnsafeBufferPointer(rebasing: all[range])) {
                    var repaired = false
                    values.append(try NDJSONChunk.parse(UnsafeBufferPointer(rebasing: all[range]), line: line,
                                                        offset: offset + lineStart, repairedUTF8: &repaired,
                                                        keeping: &selection))
                    if repaired, invalidUTF8 == nil { invalidUTF8 = line }
                }
                line += 1
                lineStart = lineEnd + 1
            }
        }
        return (values, invalidUTF8)
    }

    /// One line's value; a parse error becomes a stream error at the line and byte.
    static func parse(_ line: UnsafeBufferPointer<UInt8>, line number: Int, offset: Int, repairedUTF8: inout Bool,
                      keeping selection: inout JSONFieldSelection?) throws -> JSONValue {
        do {
            return try JSONValue.parse(bytes: line, repairedUTF8: &repairedUTF8, keeping: &selection)
        } catch let error as JSONParseError {
            throw JSONStreamError(line: number, offset: offset + error.offset, message: error.message)
        }
    }

    /// The index of the first line feed at or after `from` (memchr: the line scan is most of
    /// the bytes a reader touches).
    static func newline(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = bytes.baseAddress, from < bytes.count else { return nil }
        guard let found = memchr(base + from, 0x0A, bytes.count - from) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    /// The number of line feeds in the bytes.
    static func newlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var from = 0
        while let i = newline(in: bytes, from: from) {
            count += 1
            from = i + 1
        }
        return count
    }

    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    }
}
