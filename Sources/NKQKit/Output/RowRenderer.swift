/// Renders one statement's rows: `begin`, then `write` for each row as it arrives, then `finish`.
///
/// Rows are `JSONValue.object`s. `columns` is the select list's order when the statement had
/// one; nil means every key, in the order first seen.
public protocol RowRenderer {
    mutating func begin(columns: [String]?)
    mutating func write(_ row: JSONValue)
    mutating func finish(_ footer: ResultFooter)
}

extension OutputFormat {
    /// A renderer writing data to `output`. `notes` (usually stderr) gets remarks that are not
    /// data, from formats that must keep `output` clean (e.g. csv's late-appearing columns).
    public func makeRenderer(options: RenderOptions, output: any TextOutput,
                             notes: (any TextOutput)? = nil) -> any RowRenderer {
        switch self {
        case .table: TableRenderer(options: options, output: output, expandedOnly: false, notes: notes)
        case .expanded: TableRenderer(options: options, output: output, expandedOnly: true, notes: notes)
        case .json: JSONArrayRenderer(pretty: options.pretty, output: output)
        case .ndjson: NDJSONRenderer(output: output)
        case .csv: DelimitedRenderer(dialect: options.excel ? .excel : .csv, output: output, notes: notes,
                                     escapeControls: options.isTerminal, ascii: options.ascii)
        case .tsv: DelimitedRenderer(dialect: .tsv, output: output, notes: notes, escapeControls: options.isTerminal, ascii: options.ascii)
        case .markdown: MarkdownRenderer(output: output)
        }
    }
}

/// Renders a whole result to a string, in `options.format`; for tests and the REPL.
public func render(rows: [JSONValue], columns: [String]? = nil, footer: ResultFooter? = nil,
                   options: RenderOptions) -> String {
    let output = StringOutput()
    var renderer = options.format.makeRenderer(options: options, output: output)
    renderer.begin(columns: columns)
    for row in rows { renderer.write(row) }
    renderer.finish(footer ?? ResultFooter(rowCount: rows.count))
    return output.text
}
