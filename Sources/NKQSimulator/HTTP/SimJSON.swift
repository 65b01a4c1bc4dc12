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

    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .decimal(let units, let scale): output += Self.decimalText(units, scale: scale)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                value.write(to: &output)
            }
            output += "}"
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

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
