/// The output formats of `--format` and `.format`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table
    case expanded
    case json
    case ndjson
    case csv
    case tsv
    case markdown

    /// The names, for usage errors: `table, expanded, json, ndjson, csv, tsv, markdown`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Formats meant for people; the others are for programs and carry nothing but data.
    public var isForPeople: Bool {
        switch self {
        case .table, .expanded, .markdown: true
        case .json, .ndjson, .csv, .tsv: false
        }
    }

    /// Whether rows are written as they arrive (flat memory) rather than held for widths.
    public var streams: Bool {
        switch self {
        case .json, .ndjson, .csv, .tsv: true
        case .table, .expanded, .markdown: false
        }
    }
}
