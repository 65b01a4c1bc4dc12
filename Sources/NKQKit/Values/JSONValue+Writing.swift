extension JSONValue {
    /// Compact JSON text, keys in their kept order.
    public func jsonText() -> String {
        var bytes: [UInt8] = []
        write(to: &bytes, indent: nil, level: 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Indented JSON text (two spaces), keys in their kept order.
    public func prettyJSONText() -> String {
        var bytes: [UInt8] = []
        write(to: &bytes, indent: "  ", level: 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    public func write(to out: inout String, indent: String?, level: Int) {
        var bytes: [UInt8] = []
        write(to: &bytes, indent: indent, level: level)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the JSON text as UTF-8; the fast path that renderers use (bytes, not String
    /// appends, which cost several times more per piece).
    public func write(to out: inout [UInt8], indent: String?, level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.text.utf8)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONValue.newline(&out, indent: indent, level: level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent: indent, level: level)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            let keys = object.keys
            let values = object.values
            for i in 0..<keys.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.newline(&out, indent: indent, level: level + 1)
                JSONValue.writeString(keys[i], to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                values[i].write(to: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent: indent, level: level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], indent: String?, level: Int) {
        guard let indent else { return }
        out.append(0x0A)
        for _ in 0..<level { out.append(contentsOf: indent.utf8) }
    }

    static func writeString(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        writeString(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal. Works on bytes: the characters that need escapes are all ASCII,
    /// and UTF-8 never uses ASCII bytes inside multi-byte characters.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &out) }
        if done == nil {
            Array(s.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &out) }
        }
        out.append(0x22)
    }

    /// Copies runs of plain bytes whole and escapes the rest.
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            runStart = i + 1
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            }
        }
        if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText() }
}
