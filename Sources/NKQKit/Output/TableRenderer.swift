/// The people's formats: a bordered table fitted to the terminal, or psql `\x`-style expanded
/// records. Both hold all rows until `finish`, because widths depend on every value.
struct TableRenderer: RowRenderer {
    let options: RenderOptions
    let output: any TextOutput
    /// Always expanded (`--format expanded`); otherwise a table that turns expanded when even
    /// a cut table cannot fit.
    let expandedOnly: Bool
    private var buffer = HeldRows()
    private var columns: ColumnSet { buffer.columns }
    private var rows: [JSONValue] { buffer.rows }

    /// Narrowest a cut column gets (or its natural width when smaller).
    static let minimumColumnWidth = 6

    init(options: RenderOptions, output: any TextOutput, expandedOnly: Bool) {
        self.options = options
        self.output = output
        self.expandedOnly = expandedOnly
    }

    mutating func begin(columns: [String]?) {
        buffer.begin(columns: columns)
    }

    mutating func write(_ row: JSONValue) {
        buffer.add(row)
    }

    mutating func finish(_ footer: ResultFooter) {
        let style = TextStyle(options)
        var notes: [String] = []
        if expandedOnly || columns.names.isEmpty {
            writeExpanded(style: style)
        } else if !writeTable(style: style, notes: &notes) {
            writeExpanded(style: style)
            notes.append("shown as expanded records: too wide for \(options.terminalWidth ?? 0) columns even with values cut")
        }
        output.write(style.dim(footer.summary) + "\n")
        for note in notes { output.write(style.dim(note) + "\n") }
        buffer.release()
    }

    // MARK: Table

    /// Writes the table; false (having written nothing) when it cannot fit the terminal.
    private func writeTable(style: TextStyle, notes: inout [String]) -> Bool {
        let names = columns.names
        let header = names.map { Cell(text: ValueText.sanitize($0, ascii: style.ascii), kind: .text) }
        let grid = rows.map { row in
            names.map { Cell.summary(ColumnSet.value(of: row, $0), column: $0, style: style) }
        }
        var natural = header.map(\.width)
        var numeric = [Bool](repeating: false, count: names.count)
        var hasText = [Bool](repeating: false, count: names.count)
        var hasNested = false
        for cells in grid {
            for (i, cell) in cells.enumerated() {
                natural[i] = max(natural[i], cell.width)
                switch cell.kind {
                case .number: numeric[i] = true
                case .null: break
                case .nested: hasNested = true; hasText[i] = true
                default: hasText[i] = true
                }
            }
        }
        let rightHeader = zip(numeric, hasText).map { $0 && !$1 }

        var widths = natural
        if let available = options.terminalWidth {
            guard let fitted = Self.fit(natural: natural, available: available) else { return false }
            widths = fitted
        }

        var cut = false
        func line(_ cells: [Cell], right: (Int, Cell) -> Bool, bold: Bool) -> String {
            var text = style.vertical
            for (i, cell) in cells.enumerated() {
                var shown = cell.text
                if cell.width > widths[i] {
                    shown = TextWidth.truncate(shown, to: widths[i], ellipsis: style.ellipsis)
                    cut = true
                }
                let gap = String(repeating: " ", count: max(widths[i] - TextWidth.visibleWidth(shown), 0))
                let colored = bold ? style.bold(shown) : cell.styled(style, text: shown)
                text += " " + (right(i, cell) ? gap + colored : colored + gap) + " " + style.vertical
            }
            return text + "\n"
        }
        func rule(_ pieces: (left: String, join: String, right: String)) -> String {
            pieces.left + widths.map { String(repeating: style.horizontal, count: $0 + 2) }.joined(separator: pieces.join)
                + pieces.right + "\n"
        }

        var text = rule(style.top)
        text += line(header, right: { i, _ in rightHeader[i] }, bold: true)
        text += rule(style.middle)
        output.write(text)
        for cells in grid {
            output.write(line(cells, right: { _, cell in cell.kind == .number }, bold: false))
        }
        output.write(rule(style.bottom))

        if cut {
            notes.append("values cut (\(style.ellipsis)) to fit \(options.terminalWidth ?? 0) columns: `.format expanded` shows them whole")
        }
        if hasNested {
            notes.append("nested values in brief: `| flatten FIELD` or `| select FIELD.sub` opens them")
        }
        return true
    }

    /// Column widths that fit `available` columns, cutting the widest columns first and never
    /// below `minimumColumnWidth`; nil when even that does not fit.
    static func fit(natural: [Int], available: Int) -> [Int]? {
        let overhead = 3 * natural.count + 1
        if natural.reduce(0, +) + overhead <= available { return natural }
        let minimums = natural.map { min($0, minimumColumnWidth) }
        let room = available - overhead
        guard minimums.reduce(0, +) <= room else { return nil }
        func widths(cap: Int) -> [Int] {
            zip(natural, minimums).map { max($1, min($0, cap)) }
        }
        // The largest cap that fits; every column wider than it is cut to it.
        var low = 0
        var high = natural.max() ?? 0
        while low < high {
            let mid = (low + high + 1) / 2
            if widths(cap: mid).reduce(0, +) <= room { low = mid } else { high = mid - 1 }
        }
        var result = widths(cap: low)
        var slack = room - result.reduce(0, +)
        var i = 0
        while slack > 0, result != natural {
            if result[i] < natural[i] {
                result[i] += 1
                slack -= 1
            }
            i = (i + 1) % result.count
        }
        return result
    }

    // MARK: Expanded

    private func writeExpanded(style: TextStyle) {
        let names = columns.names
        let labels = names.map { ValueText.sanitize($0, ascii: style.ascii) }
        let labelWidth = labels.map { TextWidth.visibleWidth($0) }.max() ?? 0
        let valueRoom = options.terminalWidth.map { max($0 - labelWidth - 3, 10) }
        var widest = 0
        let records = rows.map { row in
            names.map { name in
                let cell = Cell.whole(ColumnSet.value(of: row, name), style: style)
                widest = max(widest, min(cell.width, valueRoom ?? cell.width))
                return cell
            }
        }
        let ruleWidth = labelWidth + 3 + widest
        for (n, cells) in records.enumerated() {
            let title = "\(style.horizontal)[ RECORD \(n + 1) ]"
            let fill = max(ruleWidth - TextWidth.visibleWidth(title), 0)
            var text = style.dim(title + String(repeating: style.horizontal, count: fill)) + "\n"
            for (i, cell) in cells.enumerated() {
                let label = TextWidth.pad(labels[i], to: labelWidth)
                let pieces = valueRoom.map { cell.width > $0 ? TextWidth.wrap(cell.text, to: $0) : [cell.text] } ?? [cell.text]
                for (p, piece) in pieces.enumerated() {
                    let lead = p == 0 ? style.bold(label) : String(repeating: " ", count: labelWidth)
                    // No trailing space after an empty value.
                    text += lead + " " + style.vertical + (piece.isEmpty ? "" : " " + cell.styled(style, text: piece)) + "\n"
                }
            }
            output.write(text)
        }
    }
}
