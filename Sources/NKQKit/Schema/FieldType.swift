/// The type of a field as the schema knows it. Rows may hold more than the schema says
/// (unknown fields are kept); the schema only decides what a statement may name.
public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case integer
    case decimal
    case string
    case bool
    /// `yyyy-MM-dd`
    case date
    /// ISO-8601 UTC, variable fractional seconds.
    case timestamp
    /// A string from a fixed set (e.g. condition `level`), completed by the REPL.
    case enumeration([String])
    case object([FieldSchema])
    case array(FieldType)
    /// Unknown: rows from `file` and `stdin`, or fields the schema does not describe.
    case any

    public var description: String {
        switch self {
        case .integer: "integer"
        case .decimal: "decimal"
        case .string: "string"
        case .bool: "boolean"
        case .date: "date"
        case .timestamp: "timestamp"
        case .enumeration(let values): "one of " + values.joined(separator: ", ")
        case .object: "object"
        case .array(let element): "array of \(element)"
        case .any: "any"
        }
    }

    public var isNumeric: Bool { self == .integer || self == .decimal }
    public var isTemporal: Bool { self == .date || self == .timestamp }
}
