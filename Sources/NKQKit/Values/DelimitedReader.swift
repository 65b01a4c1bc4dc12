#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a CSV or TSV stream went wrong: the line and column (in characters) of the problem.
public struct DelimitedReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Reads the rows of a CSV or TSV file with a header row, one at a time, without loading the
/// whole input, as a spreadsheet program writes them:
///
/// - the delimiter is sniffed from the header line among `,`, `;` and tab;
/// - a UTF-8 byte-order mark is dropped; text that is not valid UTF-8 is read as Windows-1252
///   (the encoding of a Norwegian Excel export), decided at the first byte that tells;
/// - quoting is RFC 4180's (`"a ""b"", c"`, line breaks inside quotes);
/// - values are typed by `DelimitedCell` (numbers, booleans, dates; empty is null; a leading zero
///   keeps text), with decimal commas in `;` files.
///
/// Each row is an object keyed by the header's names, in the header's order.
public struct DelimitedReader {
    public enum Encoding: Sendable, Equatable {
        case utf8, windows1252
    }

    private let fileDescriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var line = 1
    private var column = 1
    /// Nil until the first non-ASCII text decides it.
    public private(set) var encoding: Encoding?
    public private(set) var delimiter: UInt8?
    public private(set) var header: [String]?
    /// The columns to type and keep in each row (nil: all); the cells of the others are only
    /// checked for their encoding.
    var selection: [String]?
    /// Per header column: whether its cells are kept (from `selection`).
    private var keeps: [Bool] = []
    /// The bytes of the current record's fields (`Field.range`).
    private var cells: [UInt8] = []
    private let preferred: UInt8

    /// `preferred` is the delimiter to take when the header line has none of the three
    /// (a one-column file): tab for TSV, `,` for CSV.
    /// `prefix`: bytes already read from the descriptor (a peek at stdin), read first.
    public init(fileDescriptor: Int32, prefix: [UInt8] = [], preferred: UInt8 = UInt8(ascii: ","), bufferSize: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.preferred = preferred
        self.buffer = prefix + [UInt8](repeating: 0, count: max(bufferSize, 16))
        self.end = prefix.count
    }

    /// Reads from bytes in memory (tests, small inputs).
    public init(bytes: [UInt8], preferred: UInt8 = UInt8(ascii: ",")) {
        self.fileDescriptor = -1
        self.preferred = preferred
        self.buffer = bytes
        self.end = bytes.count
        self.atEOF = true
    }

    /// The next row, or nil at the end of the input.
    public mutating func next() throws(DelimitedReadError) -> JSONValue? {
        if header == nil { try readHeader() }
        guard let header, let delimiter else { return nil }
        if keeps.count != header.count { keeps = header.map { name in selection?.contains(name) ?? true } }
        while let record = try record() {
            // A blank line, or a spreadsheet's empty row (`;;;`), is no data.
            if record.allSatisfy({ $0.isEmpty && !$0.quoted }) { continue }
            var object = JSONObject()
            // The header's names are distinct (readHeader checks), so no key is looked up.
            for (index, name) in header.enumerated() {
                guard index < record.count else {
                    if keeps[index] { object.appendUnchecked(name, .null) }
                    continue
                }
                guard keeps[index] else {
                    // Not built, but its bytes still decide (or break) the file's encoding.
                    if cells[record[index].range].contains(where: { $0 >= 0x80 }) { _ = try decode(record[index]) }
                    continue
                }
                let text = try decode(record[index])
                object.appendUnchecked(name, DelimitedCell.value(text, decimalComma: delimiter == UInt8(ascii: ";")))
            }
            if let extra = record.dropFirst(header.count).first(where: { !$0.isEmpty || $0.quoted }) {
                throw DelimitedReadError(line: extra.line, column: extra.column,
                                         message: "this row has \(record.count) fields, but the header names \(header.count) columns")
            }
            return .object(object)
        }
        return nil
    }

    // MARK: Header

    private mutating func readHeader() throws(DelimitedReadError) {
        fillFirstLine()
        if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
            encoding = .utf8
        }
        delimiter = sniffDelimiter()
        while let record = try record() {
            if record.count == 1, record[0].isEmpty, !record[0].quoted { continue }
            var names: [String] = []
            var seen: Set<String> = []
            for (index, field) in record.enumerated() {
                var name = try decode(field).trimmingASCIISpaces
                if name.isEmpty {
                    // Spreadsheets leave a trailing delimiter or an unnamed column.
                    name = "column\(index + 1)"
                }
                guard seen.insert(name).inserted else {
                    throw DelimitedReadError(line: field.line, column: field.column,
                                             message: "the header names the column '\(name)' twice")
                }
                names.append(name)
            }
            header = names
            return
        }
        header = []
        delimiter = nil
    }

    /// Reads until the buffer holds the first line (or is full, or the input ended).
    private mutating func fillFirstLine() {
        while !atEOF, !buffer[start..<end].contains(UInt8(ascii: "\n")), end < buffer.count {
            let n = buffer.withUnsafeMutableBytes { raw in
                read(fileDescriptor, raw.baseAddress.map { $0 + end }, raw.count - end)
            }
            if n <= 0 { atEOF = true } else { end += n }
        }
    }

    /// The delimiter that occurs most often outside quotes in the first line.
    private func sniffDelimiter() -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        var counts = [0, 0, 0]
        var inQuotes = false
        for byte in buffer[start..<end] {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        guard let best = counts.max(), best > 0 else { return preferred }
        if let index = candidates.firstIndex(of: preferred), counts[index] == best { return preferred }
        return candidates[counts.firstIndex(of: best) ?? 0]
    }

    // MARK: Records

    /// A field's bytes are `cells[range]`: one store for the record, kept between records,
    /// rather than an array a field.
    struct Field {
        var range: Range<Int>
        var quoted = false
        var line: Int
        var column: Int
        var isEmpty: Bool { range.isEmpty }
    }

    private mutating func nextByte() -> UInt8? {
        if start == end {
            guard !atEOF else { return nil }
            start = 0
            end = 0
            let n = buffer.withUnsafeMutableBytes { raw in read(fileDescriptor, raw.baseAddress, raw.count) }
            guard n > 0 else {
                atEOF = true
                return nil
            }
            end = n
        }
        let byte = buffer[start]
        start += 1
        return byte
    }

    private mutating func peekByte() -> UInt8? {
        guard let byte = nextByte() else { return nil }
        start -= 1
        return byte
    }

    /// Moves the position past one byte; columns count characters (UTF-8 continuation bytes
    /// do not start one).
    private mutating func step(_ byte: UInt8) {
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if encoding == .windows1252 || byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    /// The longest record read as one row, as for a line of NDJSON: an endless line (a device,
    /// a file with no line break, a quote never closed) is refused rather than held in memory.
    static let maxRecordBytes = NDJSONReader.maxValueBytes

    /// One record's fields, nil at the end of the input.
    private mutating func record() throws(DelimitedReadError) -> [Field]? {
        guard let delimiter, peekByte() != nil else { return nil }
        cells.removeAll(keepingCapacity: true)
        var fields: [Field] = []
        var field = Field(range: 0..<0, line: line, column: column)
        var closedQuote = false
        var opening = (line: line, column: column)
        let recordStart = (line: line, column: column)
        var size = 0
        while true {
            size += 1
            if size > Self.maxRecordBytes {
                if field.quoted, !closedQuote {
                    throw DelimitedReadError(line: opening.line, column: opening.column,
                                             message: "this quote is not closed within 16 MiB, the most nkq reads as one row")
                }
                throw DelimitedReadError(line: recordStart.line, column: recordStart.column,
                                         message: "this row is longer than 16 MiB, the most nkq reads as one row")
            }
            guard let byte = nextByte() else {
                if field.quoted, !closedQuote {
                    throw DelimitedReadError(line: opening.line, column: opening.column, message: "this quote is never closed")
                }
                fields.append(field)
                return fields
            }
            let here = (line: line, column: column)
            step(byte)
            if field.quoted, !closedQuote {
                if byte == UInt8(ascii: "\"") {
                    if peekByte() == UInt8(ascii: "\"") {
                        _ = nextByte()
                        step(UInt8(ascii: "\""))
                        append(byte, to: &field)
                    } else {
                        closedQuote = true
                    }
                } else {
                    append(byte, to: &field)
                }
                continue
            }
            switch byte {
            case delimiter:
                fields.append(field)
                field = Field(range: cells.count..<cells.count, line: line, column: column)
                closedQuote = false
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if byte == UInt8(ascii: "\r") {
                    if peekByte() == UInt8(ascii: "\n") { _ = nextByte() }
                    line += 1
                    column = 1
                }
                fields.append(field)
                return fields
            case UInt8(ascii: "\"") where field.isEmpty && !field.quoted:
                field.quoted = true
                opening = here
            default:
                if closedQuote {
                    throw DelimitedReadError(line: here.line, column: here.column,
                                             message: "expected a delimiter or the end of the line after the closing quote")
                }
                append(byte, to: &field)
            }
        }
    }

    private mutating func append(_ byte: UInt8, to field: inout Field) {
        cells.append(byte)
        field.range = field.range.lowerBound..<cells.count
    }

    // MARK: Text

    /// A field's text: UTF-8 while the input is valid UTF-8; Windows-1252 when the first
    /// non-ASCII text is not; an error when valid UTF-8 turns invalid later.
    private mutating func decode(_ field: Field) throws(DelimitedReadError) -> String {
        let bytes = cells[field.range]
        if encoding == .windows1252 { return Self.windows1252(bytes) }
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) {
            encoding = .utf8
            return text
        }
        if encoding == nil {
            encoding = .windows1252
            return Self.windows1252(bytes)
        }
        throw DelimitedReadError(line: field.line, column: field.column,
                                 message: "this value is not valid UTF-8, though the text before it was")
    }

    /// Windows-1252: Latin-1 but for 0x80…0x9F, which hold typographic marks and €.
    static func windows1252(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let code: UInt32 = byte >= 0x80 && byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// 0x80…0x9F; the five undefined bytes keep their C1 code points.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

extension String {
    var trimmingASCIISpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
