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

    /// Whether rows are written as they arrive (flat memory) rather than held for widths.
    public var streams: Bool {
        switch self {
        case .json, .ndjson, .csv, .tsv: true
        case .table, .expanded, .markdown: false
        }
    }
}
