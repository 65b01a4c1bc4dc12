/// A GitHub-flavoured Markdown table. `|` is escaped, line breaks become `<br>` and tabs spaces, null shows as
/// `*null*` (an empty string as an empty cell), nested values as compact JSON. Columns are
/// padded so that the source reads as a table too, which needs all rows first.
struct MarkdownRenderer: RowRenderer {
    let output: any TextOutput
    private var buffer = HeldRows()
    private var columns: ColumnSet { buffer.columns }
    private var rows: [JSONValue] { buffer.rows }

    init(output: any TextOutput) {
        self.output = output
    }

    mutating func begin(columns: [String]?) {
        buffer.begin(columns: columns)
    }

    mutating func write(_ row: JSONValue) {
        buffer.add(row)
    }

    mutating func finish(_ footer: ResultFooter) {
        let names = columns.names
        guard !names.isEmpty else { return }
        let header = names.map(Self.escape)
        var numeric = [Bool](repeating: false, count: names.count)
        var hasOther = [Bool](repeating: false, count: names.count)
        let grid: [[String]] = rows.map { row in
            names.enumerated().map { i, name in
                let value = ColumnSet.value(of: row, name)
                switch value {
                case .number?: numeric[i] = true
                case nil, .null?: break
                default: hasOther[i] = true
                }
                return ValueText.plain(value).map(Self.escape) ?? "*null*"
            }
        }
        let right = zip(numeric, hasOther).map { $0 && !$1 }
        var widths = header.map { max(TextWidth.visibleWidth($0), 3) }
        for cells in grid {
            for (i, cell) in cells.enumerated() { widths[i] = max(widths[i], TextWidth.visibleWidth(cell)) }
        }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { i, c in TextWidth.pad(c, to: widths[i], alignRight: right[i]) }
                .joined(separator: " | ") + " |\n"
        }
        var text = line(header)
        text += "|" + widths.enumerated().map { i, w in
            " " + String(repeating: "-", count: right[i] ? w - 1 : w) + (right[i] ? ":" : "") + " "
        }.joined(separator: "|") + "|\n"
        output.write(text)
        for cells in grid { output.write(line(cells)) }
        buffer.release()
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0x5C }) else {
            return text
        }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "|": out += "\\|"
            case "\\": out += "\\\\"
            case "\r": break
            case "\t": out += " "
            case "\n": out += "<br>"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
