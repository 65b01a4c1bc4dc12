/// A JSON value the simulator writes: object keys keep their order and decimals are exact,
/// so the same dataset always serialises to the same bytes.
enum SimJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// `units / 10^scale`, e.g. `.decimal(12345, scale: 2)` is `123.45`.
    case decimal(Int, scale: Int)
    case string(String)
    case array([SimJSON])
    case object([(String, SimJSON)])

    static func optional(_ value: SimJSON?) -> SimJSON { value ?? .null }

    /// An object with one more member at the end; any other value unchanged.
    func adding(_ name: String, _ value: SimJSON) -> SimJSON {
        guard case .object(let members) = self else { return self }
        return .object(members + [(name, value)])
    }

    /// UTF-8 bytes of the JSON text.
    var bytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output)
        return output
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .decimal(let units, let scale): output.append(contentsOf: Self.decimalText(units, scale: scale).utf8)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func decimalText(_ units: Int, scale: Int) -> String {
        guard scale > 0 else { return String(units) }
        var divisor = 1
        for _ in 0..<scale { divisor *= 10 }
        let magnitude = units.magnitude
        let whole = magnitude / UInt(divisor)
        var fraction = String(magnitude % UInt(divisor))
        while fraction.count < scale { fraction = "0" + fraction }
        return (units < 0 ? "-" : "") + "\(whole).\(fraction)"
    }

    private static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                output.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
