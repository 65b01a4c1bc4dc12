/// The people's formats: a bordered table fitted to the terminal (see `TableLayout`), or psql
/// `\x`-style expanded records. Both hold all rows until `finish`, because widths depend on every value.
struct TableRenderer: RowRenderer {
    let options: RenderOptions
    let output: any TextOutput
    /// Expanded records (`--format expanded`) instead of a table.
    let expandedOnly: Bool
    /// Where remarks under the table go (values cut, columns left out): stderr in the shell, so
    /// that stdout holds only the result; nil writes them after the footer in `output`.
    let notes: (any TextOutput)?
    private var buffer = HeldRows()
    private var columns: ColumnSet { buffer.columns }
    private var rows: [JSONValue] { buffer.rows }

    init(options: RenderOptions, output: any TextOutput, expandedOnly: Bool, notes: (any TextOutput)? = nil) {
        self.options = options
        self.output = output
        self.expandedOnly = expandedOnly
        self.notes = notes
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
        } else {
            writeTable(style: style, notes: &notes)
        }
        output.write(style.dim(footer.summary) + "\n")
        if let sink = self.notes, !notes.isEmpty {
            // The table first: the notes are about it.
            try? output.flush()
            for note in notes { sink.write(style.dim(note) + "\n") }
        } else {
            for note in notes { output.write(style.dim(note) + "\n") }
        }
        buffer.release()
    }

    // MARK: Table

    private func writeTable(style: TextStyle, notes: inout [String]) {
        let names = ColumnOrder.arrange(columns.names, fixed: columns.fixed)
        let header = names.map { Cell(text: ValueText.sanitize($0, ascii: style.ascii), kind: .text) }
        var grid = rows.map { row in
            names.map { Cell.summary(ColumnSet.value(of: row, $0), column: $0, style: style) }
        }
        ColumnAlignment.align(&grid)
        let layout = TableLayout.fit(Self.layoutColumns(header: header, grid: grid, ascii: style.ascii),
                                     available: options.terminalWidth)
        let shown = layout.shown
        let widths = layout.widths
        var numeric = [Bool](repeating: false, count: names.count)
        var hasText = [Bool](repeating: false, count: names.count)
        var hasNested = false
        for cells in grid {
            for i in shown {
                switch cells[i].kind {
                case .number: numeric[i] = true
                case .null: break
                case .nested: hasNested = true; hasText[i] = true
                default: hasText[i] = true
                }
            }
        }

        var cut = false
        func line(_ cells: [Cell], right: (Int, Cell) -> Bool, bold: Bool) -> String {
            var text = style.vertical
            for (k, i) in shown.enumerated() {
                let cell = cells[i]
                var shownText = cell.text
                if cell.width > widths[k] {
                    shownText = TextWidth.truncate(shownText, to: widths[k], ellipsis: style.ellipsis)
                    if !bold { cut = true }
                }
                let gap = String(repeating: " ", count: max(widths[k] - TextWidth.visibleWidth(shownText), 0))
                let colored = bold ? style.bold(shownText) : cell.styled(style, text: shownText)
                text += " " + (right(i, cell) ? gap + colored : colored + gap) + " " + style.vertical
            }
            return text + "\n"
        }
        func rule(_ pieces: (left: String, join: String, right: String)) -> String {
            pieces.left + widths.map { String(repeating: style.horizontal, count: $0 + 2) }.joined(separator: pieces.join)
                + pieces.right + "\n"
        }

        var text = rule(style.top)
        text += line(header, right: { i, _ in numeric[i] && !hasText[i] }, bold: true)
        text += rule(style.middle)
        output.write(text)
        for cells in grid {
            output.write(line(cells, right: { _, cell in cell.kind == .number }, bold: false))
        }
        output.write(rule(style.bottom))

        let hidden = names.indices.filter { !shown.contains($0) }.map { names[$0] }
        if !hidden.isEmpty {
            let list = hidden.map { ValueText.sanitize($0, ascii: style.ascii) }.joined(separator: ", ")
            let count = hidden.count == 1 ? "1 column" : "\(hidden.count) columns"
            notes.append("\(count) left out to fit \(options.terminalWidth ?? 0) columns: \(list); "
                + "`| select` them or `.format expanded` shows every column")
        }
        if cut {
            notes.append("values cut (\(style.ellipsis)) to fit \(options.terminalWidth ?? 0) columns: `.format expanded` shows them whole")
        }
        if hasNested {
            notes.append("nested values in brief: `| flatten FIELD` or `| select FIELD.sub` opens them")
        }
    }

    /// What each column may give up: numbers, booleans and compact strings (identifiers, codes,
    /// dates, timestamps) are never cut, only their header; text and nested values shrink.
    static func layoutColumns(header: [Cell], grid: [[Cell]], ascii: Bool) -> [TableLayout.Column] {
        header.indices.map { i in
            var valueWidth = 0
            var give = TableLayout.Give.empty
            for cells in grid {
                let cell = cells[i]
                valueWidth = max(valueWidth, cell.width)
                let cellGive: TableLayout.Give
                switch cell.kind {
                case .null: cellGive = .empty
                case .nested: cellGive = .nested
                case .number, .bool: cellGive = .never
                case .text: cellGive = isCompact(cell) ? .never : .text
                }
                // The column gives way as its most yielding value does (nulls aside).
                if give == .empty || (cellGive != .empty && cellGive < give) { give = cellGive }
            }
            let natural = max(header[i].width, valueWidth)
            let least = TableLayout.minimumColumnWidth
            let minimum: Int
            switch give {
            // A header is cut only when long (`ownerParticipantNumber` → `ownerPart…`).
            case .never: minimum = max(valueWidth, min(header[i].width, TableLayout.shortestCutHeader))
            case .empty: minimum = min(natural, ascii ? least : 3)
            case .nested, .text: minimum = min(natural, least)
            }
            return TableLayout.Column(natural: natural, minimum: minimum, give: give)
        }
    }

    /// A string that names something rather than says something: no spaces, not long.
    static func isCompact(_ cell: Cell) -> Bool {
        cell.width <= 32 && !cell.text.contains(where: \.isWhitespace)
    }

    // MARK: Expanded

    private func writeExpanded(style: TextStyle) {
        let names = ColumnOrder.arrange(columns.names, fixed: columns.fixed)
        let labels = names.map { ValueText.sanitize($0, ascii: style.ascii) }
        let labelWidth = labels.map { TextWidth.visibleWidth($0) }.max() ?? 0
        let valueRoom = options.terminalWidth.map { max($0 - labelWidth - 3, 10) }
        var widest = 0
        let records = rows.map { row in
            names.map { name in
                // Nested values in brief, on one line: what they hold, not a JSON dump.
                var cell = Cell.summary(ColumnSet.value(of: row, name), column: name, style: style)
                if cell.kind == .nested, let valueRoom, cell.width > valueRoom {
                    cell = Cell(text: TextWidth.truncate(cell.text, to: valueRoom, ellipsis: style.ellipsis), kind: .nested)
                }
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
