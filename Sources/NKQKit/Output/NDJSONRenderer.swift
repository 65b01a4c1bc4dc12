/// One compact JSON object per line, written as rows arrive.
struct NDJSONRenderer: RowRenderer {
    let output: any TextOutput
    private var line: [UInt8] = []

    init(output: any TextOutput) {
        self.output = output
    }

    mutating func begin(columns: [String]?) {}

    mutating func write(_ row: JSONValue) {
        line.removeAll(keepingCapacity: true)
        row.write(to: &line, indent: nil, level: 0)
        line.append(0x0A)
        output.write(utf8: line)
    }

    mutating func finish(_ footer: ResultFooter) {}
}
