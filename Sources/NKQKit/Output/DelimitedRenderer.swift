/// CSV (RFC 4180) and TSV: a header line, then one line per row, streamed.
///
/// CSV ends records with CRLF (RFC 4180, and what Python's csv module writes); fields are
/// quoted when they hold a comma, quote, CR or LF, and an empty string is written `""` so that
/// it differs from null (an empty unquoted field), as PostgreSQL's CSV does. TSV ends lines with
/// LF and writes `\t`, `\n`, `\r` and `\\` as escapes; null is an empty field. Nested values are
/// compact JSON text in both.
///
/// Without a select list the header needs the columns before the first line, so the first
/// `lookahead` rows are held to collect their keys; keys that first appear later cannot join
/// the header and are reported once each on `notes`.
struct DelimitedRenderer: RowRenderer {
    enum Dialect {
        case csv
        case tsv
    }

    let dialect: Dialect
    let output: any TextOutput
    let notes: (any TextOutput)?
    let lookahead: Int
    private var columns = ColumnSet(nil)
    private var held: [JSONValue] = []
    private var headerWritten = false
    private var line = ""
    private var reportedLate: Set<String> = []

    init(dialect: Dialect, output: any TextOutput, notes: (any TextOutput)?, lookahead: Int = 1000) {
        self.dialect = dialect
        self.output = output
        self.notes = notes
        self.lookahead = lookahead
    }

    mutating func begin(columns: [String]?) {
        self.columns = ColumnSet(columns)
        held = []
        headerWritten = false
        reportedLate = []
        if columns != nil { writeHeader() }
    }

    mutating func write(_ row: JSONValue) {
        if headerWritten {
            if !columns.fixed { reportLateKeys(row) }
            writeRow(row)
            return
        }
        columns.add(row)
        held.append(row)
        if held.count >= lookahead { release() }
    }

    mutating func finish(_ footer: ResultFooter) {
        if !headerWritten { release() }
    }

    private mutating func release() {
        if !columns.names.isEmpty || !held.isEmpty { writeHeader() }
        headerWritten = true
        for row in held { writeRow(row) }
        held = []
    }

    private mutating func reportLateKeys(_ row: JSONValue) {
        var probe = columns
        for key in probe.add(row) where !reportedLate.contains(key) {
            reportedLate.insert(key)
            notes?.write("note: field '\(key)' first appears after the \(dialect == .csv ? "csv" : "tsv") header was written; it is left out (use select to list the columns)\n")
        }
    }

    private mutating func writeHeader() {
        headerWritten = true
        guard !columns.names.isEmpty else { return }
        line.removeAll(keepingCapacity: true)
        for (i, name) in columns.names.enumerated() {
            if i > 0 { line += separator }
            appendField(name)
        }
        line += terminator
        output.write(line)
    }

    private mutating func writeRow(_ row: JSONValue) {
        line.removeAll(keepingCapacity: true)
        for (i, name) in columns.names.enumerated() {
            if i > 0 { line += separator }
            if let text = ValueText.plain(ColumnSet.value(of: row, name)) {
                appendField(text)
            }
        }
        line += terminator
        output.write(line)
    }

    private var separator: String { dialect == .csv ? "," : "\t" }
    private var terminator: String { dialect == .csv ? "\r\n" : "\n" }

    private mutating func appendField(_ text: String) {
        switch dialect {
        case .csv:
            let needsQuotes = text.isEmpty || text.utf8.contains {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
            }
            guard needsQuotes else {
                line += text
                return
            }
            line += "\""
            line += text.utf8.contains(0x22) ? text.replacingQuotes() : text
            line += "\""
        case .tsv:
            guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C }) else {
                line += text
                return
            }
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\t": line += "\\t"
                case "\n": line += "\\n"
                case "\r": line += "\\r"
                case "\\": line += "\\\\"
                default: line.unicodeScalars.append(scalar)
                }
            }
        }
    }
}

private extension String {
    func replacingQuotes() -> String {
        // By scalar, not Character: a quote followed by a combining mark is still a quote.
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            out.append(scalar)
            if scalar == "\"" { out.append(scalar) }
        }
        return String(out)
    }
}
