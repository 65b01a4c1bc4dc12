/// Where a JSON text went wrong: a byte offset and what was expected there.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let message: String
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Parses one JSON document; trailing non-space is an error.
    public static func parse(_ text: String) throws -> JSONValue {
        var copy = text
        return try copy.withUTF8 { buffer throws in
            try parse(bytes: buffer)
        }
    }

    public static func parse(bytes: some Collection<UInt8>) throws -> JSONValue {
        if let value = try bytes.withContiguousStorageIfAvailable({ try parse(bytes: $0) }) {
            return value
        }
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer throws in
            try parse(bytes: buffer)
        }
    }

    public static func parse(bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var repaired = false
        return try parse(bytes: bytes, repairedUTF8: &repaired)
    }

    /// Parses, and sets `repairedUTF8` when a string held bytes that are not UTF-8 (each such
    /// sequence reads as U+FFFD), so that a reader of files can say so.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, repairedUTF8: inout Bool) throws -> JSONValue {
        var none: JSONFieldSelection?
        return try parse(bytes: bytes, repairedUTF8: &repairedUTF8, keeping: &none)
    }

    /// Parses; when the value is an object and `selection` is given, only the selected fields
    /// are built (the others are read as strictly, so the same text fails the same way) and the
    /// selection notes every top-level name it met.
    static func parse(bytes: UnsafeBufferPointer<UInt8>, repairedUTF8: inout Bool,
                      keeping selection: inout JSONFieldSelection?) throws -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        reader.skipSpace()
        let value: JSONValue
        if selection != nil, reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "{") {
            // Taken out while the reader works, so that noting a new name does not copy it.
            reader.selection = selection.take()
            defer { selection = reader.selection.take() }
            value = try reader.readObject(depth: 0, build: true)
        } else {
            value = try reader.readValue(depth: 0)
        }
        reader.skipSpace()
        if reader.index < bytes.count {
            throw reader.error("unexpected text after the JSON value")
        }
        if reader.repairedUTF8 { repairedUTF8 = true }
        return value
    }
}

/// The top-level fields of object rows a statement reads; a reader builds only these, and
/// checks the values of the others without building them. It notes every name it meets, so
/// that a field the statement names and no row has can still be told apart from a typo.
struct JSONFieldSelection: Sendable {
    let names: [String]
    private let utf8: [[UInt8]]
    /// Every top-level name met so far, in the order first met.
    private(set) var seen: [String] = []
    private var seenUTF8: [[UInt8]] = []

    init(_ names: some Sequence<String>) {
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        self.names = unique
        self.utf8 = unique.map { Array($0.utf8) }
    }

    /// The selected name spelled by these bytes (a key without escapes), if any.
    func selected(_ key: UnsafeBufferPointer<UInt8>) -> String? {
        for (i, name) in utf8.enumerated() where name.count == key.count && name.elementsEqual(key) { return names[i] }
        return nil
    }

    /// Notes a name; `position` (the key's place in its object) is where it most likely sits
    /// in `seen`, as rows of one file mostly hold the same keys in the same order.
    mutating func note(_ key: UnsafeBufferPointer<UInt8>, position: Int) {
        if position < seenUTF8.count, seenUTF8[position].elementsEqual(key) { return }
        for known in seenUTF8 where known.count == key.count && known.elementsEqual(key) { return }
        seenUTF8.append(Array(key))
        seen.append(String(decoding: key, as: UTF8.self))
    }

    mutating func note(_ key: String) {
        var copy = key
        copy.withUTF8 { note($0, position: seenUTF8.count) }
    }

    /// Adds the names another selection met (a chunk read in parallel).
    mutating func merge(_ other: JSONFieldSelection) {
        for name in other.seen where !seen.contains(name) { note(name) }
    }
}

/// A recursive-descent reader over UTF-8 bytes.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// Set when a string held bytes that are not UTF-8.
    var repairedUTF8 = false
    /// The top-level fields to build (`readObject` at depth 0); nil builds all.
    var selection: JSONFieldSelection?
    static let maxDepth = 512

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func error(_ message: String) -> JSONParseError {
        JSONParseError(offset: index, message: message)
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The value at `index`; with `build` false it is checked as strictly but not built
    /// (`.null` comes back), for fields no stage reads.
    mutating func readValue(depth: Int, build: Bool = true) throws -> JSONValue {
        guard depth < Self.maxDepth else { throw error("nested too deeply") }
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth, build: build)
        case UInt8(ascii: "["): return try readArray(depth: depth, build: build)
        case UInt8(ascii: "\""):
            if build { return .string(try readString()) }
            _ = try skipString()
            return .null
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if build { return .number(try readNumber()) }
            _ = try scanNumber()
            return .null
        default: throw error("expected a value")
        }
    }

    mutating func expectWord(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("expected \(word)") }
        let start = word.utf8Start
        for i in 0..<count where bytes[index + i] != start[i] {
            throw error("expected \(word)")
        }
        index += count
    }

    /// An object; at depth 0 with a `selection`, only the selected fields are built.
    mutating func readObject(depth: Int, build: Bool) throws -> JSONValue {
        index += 1
        var object = JSONObject()
        let selecting = build && depth == 0 && selection != nil
        var position = 0
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key string") }
            var key: String?
            if selecting {
                key = try selectedKey(position: position)
                position += 1
            } else if build {
                key = try readString()
            } else {
                _ = try skipString()
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipSpace()
            if let key {
                let value = try readValue(depth: depth + 1)
                // A repeated key keeps its first position and its last value, as most readers do.
                object.appendOrReplace(key, value)
            } else {
                _ = try readValue(depth: depth + 1, build: false)
            }
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return build ? .object(object) : .null
            }
            throw error("expected ',' or '}'")
        }
    }

    /// The key at `index` when the selection keeps it, nil when not; notes the name either way.
    mutating func selectedKey(position: Int) throws -> String? {
        let opening = index
        if try !skipString() {
            let raw = UnsafeBufferPointer(rebasing: bytes[(opening + 1)..<(index - 1)])
            selection?.note(raw, position: position)
            return selection?.selected(raw)
        }
        // A key with escapes: read it whole (rare).
        index = opening
        let key = try readString()
        selection?.note(key)
        return selection?.names.contains(key) == true ? key : nil
    }

    mutating func readArray(depth: Int, build: Bool) throws -> JSONValue {
        index += 1
        var array: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return build ? .array(array) : .null
        }
        while true {
            skipSpace()
            let value = try readValue(depth: depth + 1, build: build)
            if build { array.append(value) }
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return build ? .array(array) : .null
            }
            throw error("expected ',' or ']'")
        }
    }

    mutating func readNumber() throws -> JSONNumber {
        let range = try scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return JSONNumber(text: text)
    }

    /// Moves past a number, checking its grammar; returns where it is.
    mutating func scanNumber() throws -> Range<Int> {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ r: inout JSONReader) -> Int {
            let s = r.index
            while r.index < r.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(r.bytes[r.index]) { r.index += 1 }
            return r.index - s
        }
        let integerStart = index
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw error("expected a digit") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            index = integerStart + 1
            throw error("leading zero in a number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw error("expected a digit after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw error("expected a digit in the exponent") }
        }
        return start..<index
    }

    /// The string of UTF-8 bytes; bytes that are not UTF-8 read as U+FFFD, and are noted.
    mutating func text(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        let repaired = String(decoding: utf8, as: UTF8.self)
        if !repaired.utf8.elementsEqual(utf8) { repairedUTF8 = true }
        return repaired
    }

    /// Moves past a string, checking it as `readString` does without building it (the bytes
    /// are checked for UTF-8 only when they are not ASCII); returns whether it held an escape,
    /// in which case it was read by `readString`.
    mutating func skipString() throws -> Bool {
        let opening = index
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                if !ascii { _ = text(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                index += 1
                return false
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in a string") }
            if b >= 0x80 { ascii = false }
            index += 1
        }
        index = opening
        _ = try readString()
        return true
    }

    mutating func readString() throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let s = text(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in a string") }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return out.withUnsafeBufferPointer { text($0) }
            }
            if b < 0x20 { throw error("control character in a string") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate")
                    }
                    index += 2
                    let low = try readHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("unpaired surrogate") }
                UTF8.encode(u) { out.append($0) }
            default:
                throw error("invalid escape")
            }
        }
        throw error("unterminated string")
    }

    mutating func readHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit")
            }
            v = v * 16 + d
            index += 1
        }
        return v
    }
}
