/// How the rows of a `file` or `stdin` source are written.
public enum FileFormat: String, Sendable, Hashable, CaseIterable {
    /// A JSON array or NDJSON (told apart by the first byte).
    case json
    /// Comma-, semicolon- or tab-separated with a header row (sniffed; `,` when unclear).
    case csv
    /// The same, tab when unclear.
    case tsv

    /// `as ndjson` reads as `json` does.
    public init?(name: String) {
        if name == "ndjson" { self = .json } else { self.init(rawValue: name) }
    }

    /// By the file's extension: `.csv`, `.tsv`, `.txt` (a spreadsheet's "text" export, tab-separated) or JSON.
    public init(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").count > 1 ? name.split(separator: ".").last.map { $0.lowercased() } : nil
        switch ext {
        case "csv": self = .csv
        case "tsv", "tab", "txt": self = .tsv
        default: self = .json
        }
    }

    /// The names `as` accepts for a format.
    public static let names = ["csv", "tsv", "json", "ndjson"]
}
