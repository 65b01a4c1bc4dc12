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

    /// A `where` applied while reading: each row is first built with only `fields` (the
    /// fields the predicate reads, which notes every name), and built as asked only when the
    /// predicate holds.
    struct Prefilter: Sendable {
        let predicate: RowPredicate
        let fields: JSONFieldSelection
    }

    /// The chunk's values, blank lines skipped, and how many rows `prefilter` left out. Errors
    /// point into the whole stream, as `NDJSONReader.next()` does.
    func values(keeping selection: inout JSONFieldSelection?, prefilter: Prefilter? = nil) throws
        -> (values: [JSONValue], firstLineWithInvalidUTF8: Int?, leftOut: Int) {
        var values: [JSONValue] = []
        var invalidUTF8: Int?
        var leftOut = 0
        var filterFields: JSONFieldSelection? = prefilter?.fields
        try bytes.withUnsafeBufferPointer { all in
            var lineStart = 0
            var line = firstLine
            while lineStart < all.count {
                let lineEnd = NDJSONChunk.newline(in: all, from: lineStart) ?? all.count
                let text = UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd])
                if !NDJSONChunk.isBlank(text) {
                    var repaired = false
                    var keep = true
                    if let prefilter {
                        let row = try NDJSONChunk.parse(text, line: line, offset: offset + lineStart, repairedUTF8: &repaired,
                                                        keeping: &filterFields)
                        // Only regular expressions throw, and they are not applied here.
                        keep = (try? prefilter.predicate.evaluate(row)) ?? true
                    }
                    if keep {
                        values.append(try NDJSONChunk.parse(text, line: line, offset: offset + lineStart, repairedUTF8: &repaired,
                                                            keeping: &selection))
                    } else {
                        leftOut += 1
                    }
                    if repaired, invalidUTF8 == nil { invalidUTF8 = line }
                }
                line += 1
                lineStart = lineEnd + 1
            }
        }
        if let filterFields {
            if selection == nil { selection = filterFields } else { selection?.merge(filterFields) }
        }
        return (values, invalidUTF8, leftOut)
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

    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    }
}
