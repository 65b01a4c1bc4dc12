/// Cuts a byte stream into rows: the elements of one top-level JSON array, or the lines of
/// NDJSON (whichever the first non-blank byte says), holding only the row being read.
///
/// Provisional: the output helper's NDJSON reader in `Values/` should replace the NDJSON half.
struct JSONRowSplitter {
    private enum Mode {
        case start
        case lines
        case array
        case afterArray
    }

    private var mode = Mode.start
    private var carry: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// 1-based position of the row being read, for error messages.
    private var position = 1
    private var byteOffset = 0
    let origin: String

    init(origin: String) {
        self.origin = origin
    }

    /// Rows completed by `chunk`.
    mutating func feed(_ chunk: some Sequence<UInt8>) throws(ExecutionError) -> [JSONValue] {
        var rows: [JSONValue] = []
        for byte in chunk {
            byteOffset += 1
            switch mode {
            case .start:
                if Self.isSpace(byte) || byte == 0xEF || byte == 0xBB || byte == 0xBF { continue }  // BOM
                if byte == UInt8(ascii: "[") {
                    mode = .array
                    depth = 1
                } else {
                    mode = .lines
                    try lineByte(byte, into: &rows)
                }
            case .lines:
                try lineByte(byte, into: &rows)
            case .array:
                try arrayByte(byte, into: &rows)
            case .afterArray:
                guard Self.isSpace(byte) else {
                    throw .source("\(origin): unexpected text after the closing ] (byte \(byteOffset))")
                }
            }
        }
        return rows
    }

    /// Rows left at the end of the input.
    mutating func finish() throws(ExecutionError) -> [JSONValue] {
        var rows: [JSONValue] = []
        switch mode {
        case .lines: try emit(into: &rows)
        case .array: throw .source("\(origin): the JSON array is not closed")
        case .start, .afterArray: break
        }
        return rows
    }

    private mutating func lineByte(_ byte: UInt8, into rows: inout [JSONValue]) throws(ExecutionError) {
        if byte == UInt8(ascii: "\n") {
            try emit(into: &rows)
        } else {
            carry.append(byte)
        }
    }

    private mutating func arrayByte(_ byte: UInt8, into rows: inout [JSONValue]) throws(ExecutionError) {
        if inString {
            carry.append(byte)
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
            carry.append(byte)
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            depth += 1
            carry.append(byte)
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
            depth -= 1
            if depth == 0 {
                let isEmptyArray = position == 1 && carry.allSatisfy(Self.isSpace)
                if !isEmptyArray { try emit(into: &rows, required: true) }
                mode = .afterArray
            } else {
                carry.append(byte)
            }
        case UInt8(ascii: ","):
            if depth == 1 {
                try emit(into: &rows, required: true)
            } else {
                carry.append(byte)
            }
        default:
            carry.append(byte)
        }
    }

    /// Parses the carried bytes as one row; blank lines of NDJSON are skipped.
    private mutating func emit(into rows: inout [JSONValue], required: Bool = false) throws(ExecutionError) {
        defer {
            carry.removeAll(keepingCapacity: true)
            position += 1
        }
        if carry.allSatisfy(Self.isSpace) {
            if required { throw .source("\(origin), \(positionName) \(position): empty element") }
            return
        }
        do {
            rows.append(try JSONValue.parse(bytes: carry))
        } catch {
            throw .source("\(origin), \(positionName) \(position): \(error)")
        }
    }

    private var positionName: String { mode == .lines ? "line" : "element" }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
