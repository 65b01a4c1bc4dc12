/// CSV (RFC 4180) and TSV: a header line, then one line per row, streamed.
///
/// CSV ends records with CRLF (RFC 4180, and what Python's csv module writes); fields are
/// quoted when they hold a comma, quote, CR or LF, and an empty string is written `""` so that
/// it differs from null (an empty unquoted field), as PostgreSQL's CSV does. TSV ends lines with
/// LF and quotes as a spreadsheet's tab-separated export does (and as `get file` reads it back):
/// only a field that holds a tab, CR or LF, or starts with a quote, is quoted; backslashes are
/// data; null and the empty string are both an empty field. Nested values are compact JSON text
/// in both.
///
/// The Excel dialect is CSV as Norwegian Excel opens it with a double click: `;`-separated,
/// decimal commas, CRLF, and a UTF-8 byte-order mark before the header (without it Excel reads
/// the bytes as Windows-1252 and æøå break).
///
/// Without a select list the header needs the columns before the first line, so the first
/// `lookahead` rows are held to collect their keys; keys that first appear later cannot join
/// the header and are reported once each on `notes`.
///
/// On a terminal (`escapeControls`) control characters left after the dialect's own quoting
/// are shown as the table shows them (`ValueText.sanitize`); files and pipes get the
/// data unchanged.
struct DelimitedRenderer: RowRenderer {
    enum Dialect {
        case csv
        case tsv
        case excel
    }

    let dialect: Dialect
    let output: any TextOutput
    let notes: (any TextOutput)?
    let lookahead: Int
    let escapeControls: Bool
    let ascii: Bool
    private var columns = ColumnSet(nil)
    private var held: [JSONValue] = []
    private var headerWritten = false
    private var line: [UInt8] = []
    private var reportedLate: Set<String> = []

    init(dialect: Dialect, output: any TextOutput, notes: (any TextOutput)?, lookahead: Int = 1000,
         escapeControls: Bool = false, ascii: Bool = false) {
        self.dialect = dialect
        self.output = output
        self.notes = notes
        self.lookahead = lookahead
        self.escapeControls = escapeControls
        self.ascii = ascii
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
            notes?.write("note: field '\(key)' first appears after the \(dialect == .tsv ? "tsv" : "csv") header was written; it is left out (use select to list the columns)\n")
        }
    }

    private mutating func writeHeader() {
        headerWritten = true
        guard !columns.names.isEmpty else { return }
        line.removeAll(keepingCapacity: true)
        if dialect == .excel { line.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        for (i, name) in columns.names.enumerated() {
            if i > 0 { line.append(separator) }
            appendField(name)
        }
        line.append(contentsOf: terminator)
        output.write(utf8: line)
    }

    private mutating func writeRow(_ row: JSONValue) {
        line.removeAll(keepingCapacity: true)
        for (i, name) in columns.names.enumerated() {
            if i > 0 { line.append(separator) }
            appendValue(ColumnSet.value(of: row, name))
        }
        line.append(contentsOf: terminator)
        output.write(utf8: line)
    }

    private var separator: UInt8 {
        switch dialect {
        case .csv: UInt8(ascii: ",")
        case .excel: UInt8(ascii: ";")
        case .tsv: 0x09
        }
    }

    private var terminator: [UInt8] { dialect == .tsv ? [0x0A] : [0x0D, 0x0A] }

    /// Appends one value's field; null adds nothing (an empty field).
    private mutating func appendValue(_ value: JSONValue?) {
        switch value {
        case nil, .null?: return
        case .number(let n)?:
            if dialect == .excel {
                appendField(n.text.utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: ",") : $0 })
            } else {
                appendField(n.text)
            }
        case .bool(let b)?: appendField(b ? "true" : "false")
        case .string(let s)?: appendField(s)
        case let nested?:
            var json: [UInt8] = []
            nested.write(to: &json, indent: nil, level: 0)
            appendField(json)
        }
    }

    private mutating func appendField(_ text: String) {
        appendField(text.utf8)
    }

    private mutating func appendField(_ bytes: some Collection<UInt8>) {
        let start = line.count
        appendQuoted(bytes)
        // 0xC2 leads the C1 controls (U+0080–U+009F, e.g. CSI) in UTF-8.
        guard escapeControls, line[start...].contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return }
        let shown = ValueText.sanitize(String(decoding: line[start...], as: UTF8.self), ascii: ascii)
        line.replaceSubrange(start..., with: shown.utf8)
    }

    /// Quoting works on bytes: the special characters are all ASCII, and UTF-8
    /// never uses ASCII bytes inside a multi-byte character.
    private mutating func appendQuoted(_ bytes: some Collection<UInt8>) {
        let needsQuotes: Bool
        switch dialect {
        case .csv, .excel:
            let separator = separator
            needsQuotes = bytes.isEmpty || bytes.contains { $0 == separator || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        case .tsv:
            // A quote inside a field is data to every reader; only one that starts it opens quotes.
            needsQuotes = bytes.first == 0x22 || bytes.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }
        guard needsQuotes else {
            line.append(contentsOf: bytes)
            return
        }
        line.append(0x22)
        for b in bytes {
            line.append(b)
            if b == 0x22 { line.append(0x22) }
        }
        line.append(0x22)
    }
}
