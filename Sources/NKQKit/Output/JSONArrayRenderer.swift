/// One JSON array per statement, written element by element as rows arrive: compact on one
/// line, or indented by two spaces when pretty.
struct JSONArrayRenderer: RowRenderer {
    let pretty: Bool
    let output: any TextOutput
    private var count = 0
    private var text: [UInt8] = []

    init(pretty: Bool, output: any TextOutput) {
        self.pretty = pretty
        self.output = output
    }

    mutating func begin(columns: [String]?) {
        count = 0
    }

    mutating func write(_ row: JSONValue) {
        text.removeAll(keepingCapacity: true)
        text.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
        if pretty { text.append(contentsOf: "\n  ".utf8) }
        row.write(to: &text, indent: pretty ? "  " : nil, level: pretty ? 1 : 0)
        count += 1
        output.write(utf8: text)
    }

    mutating func finish(_ footer: ResultFooter) {
        if count == 0 {
            output.write("[]\n")
        } else {
            output.write(pretty ? "\n]\n" : "]\n")
        }
    }
}
