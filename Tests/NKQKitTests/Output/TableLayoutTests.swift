import Testing
@testable import NKQKit

@Suite struct TableLayoutTests {
    private func column(_ natural: Int, _ give: TableLayout.Give, minimum: Int? = nil) -> TableLayout.Column {
        TableLayout.Column(natural: natural, minimum: minimum ?? (give == .never ? natural : min(natural, 6)), give: give)
    }

    @Test func fitKeepsNaturalWidthsWhenTheyFit() {
        let layout = TableLayout.fit([column(5, .text), column(10, .text)], available: 22)
        #expect(layout == TableLayout(shown: [0, 1], widths: [5, 10]))
    }

    @Test func textGivesWayAndNumbersDoNot() {
        // 3 columns: 10 of borders; 30 for the values.
        let layout = TableLayout.fit([column(12, .never), column(30, .text), column(20, .text)], available: 40)
        #expect(layout.shown == [0, 1, 2])
        #expect(layout.widths[0] == 12)
        #expect(layout.widths.reduce(0, +) + 10 == 40)
        #expect(layout.widths[1] >= 6 && layout.widths[2] >= 6)
    }

    @Test func nestedValuesGiveWayBeforeText() {
        let layout = TableLayout.fit([column(10, .never), column(20, .text), column(20, .nested)], available: 50)
        // 40 of room: the nested column goes down to 10 before the text one is cut at all.
        #expect(layout.widths == [10, 20, 10])
    }

    @Test func longHeadersOverShortIdsAreCutBeforeText() {
        // `ownerParticipantNumber` (22) over five-digit values: 38 of room.
        let layout = TableLayout.fit([column(22, .never, minimum: 6), column(30, .text)], available: 45)
        #expect(layout.widths == [8, 30])
    }

    @Test func emptyColumnsTakeLittleRoom() {
        let layout = TableLayout.fit([column(10, .never), column(12, .empty, minimum: 3), column(20, .text)], available: 43)
        #expect(layout.widths == [10, 3, 20])
    }

    @Test func columnsThatDoNotFitAreLeftOutTheFirstKept() {
        let columns = [column(10, .never), column(10, .never), column(20, .text), column(10, .empty, minimum: 3), column(25, .never)]
        let layout = TableLayout.fit(columns, available: 40)
        #expect(layout.shown.first == 0)
        // The empty column goes first, then the rightmost.
        #expect(!layout.shown.contains(3))
        #expect(!layout.shown.contains(4))
        #expect(layout.shown == [0, 1, 2])
        #expect(layout.widths.reduce(0, +) + TableLayout.overhead(layout.shown.count) <= 40)
        for (k, i) in layout.shown.enumerated() where columns[i].give == .never {
            #expect(layout.widths[k] == columns[i].natural)
        }
    }

    @Test func oneColumnWiderThanTheTerminalIsCutToIt() {
        let layout = TableLayout.fit([column(100, .never)], available: 30)
        #expect(layout == TableLayout(shown: [0], widths: [26]))
    }

    @Test func identifiersAndDatesNeverGiveWay() {
        let header = ["id", "date", "name", "empty"].map { Cell(text: $0, kind: .text) }
        let grid = [[Cell(text: "10012", kind: .number), Cell(text: "2024-12-01T10:00:00Z", kind: .text),
                     Cell(text: "Rørlegger Bergen AS", kind: .text), Cell(text: "∅", kind: .null)]]
        let gives = TableRenderer.layoutColumns(header: header, grid: grid, ascii: false).map(\.give)
        #expect(gives == [.never, .never, .text, .empty])
    }

    @Test func aTooWideTableNamesTheColumnsLeftOut() {
        let text = render(rows: OutputFixtures.rows, options: RenderOptions(format: .table, terminalWidth: 40))
        #expect(text.contains("left out to fit 40 columns:"), "\(text)")
        #expect(text.contains("│ contractId"))
        for line in text.split(separator: "\n") where line.hasPrefix("│") {
            #expect(TextWidth.visibleWidth(String(line)) <= 40)
            #expect(!line.contains("1001…"))
        }
    }

    @Test func contractColumnsFollowTheSchemaIdFirst() {
        let names = ["approved", "conditions", "contractId", "created", "from", "lastModified", "ownerParticipantNumber",
                     "receiverParticipantNumber", "senderParticipantNumber", "sent", "text", "to", "extra"]
        let arranged = ColumnOrder.arrange(names, fixed: false)
        #expect(Array(arranged.prefix(3)) == ["contractId", "text", "ownerParticipantNumber"])
        #expect(arranged.last == "extra")
        #expect(Set(arranged) == Set(names))
        #expect(ColumnOrder.arrange(["text", "contractId"], fixed: true) == ["text", "contractId"])
    }

    @Test func everyTableLineFitsTheTerminal() {
        for width in [40, 60, 80, 120] {
            let text = render(rows: OutputFixtures.rows, columns: ["contractId", "name", "price", "note"],
                              options: RenderOptions(format: .table, terminalWidth: width))
            let tableLines = text.split(separator: "\n").filter { $0.hasPrefix("│") || $0.hasPrefix("┌") }
            #expect(!tableLines.isEmpty)
            for line in tableLines {
                #expect(TextWidth.visibleWidth(String(line)) <= width, "\(width): \(line)")
            }
            // All table lines have the same width, so borders line up.
            #expect(Set(tableLines.map { TextWidth.visibleWidth(String($0)) }).count == 1)
        }
    }

    @Test func colourAddsOnlyEscapesAndKeepsAlignment() {
        let plain = render(rows: OutputFixtures.rows, options: RenderOptions(format: .table, terminalWidth: 100))
        let colored = render(rows: OutputFixtures.rows, options: RenderOptions(format: .table, color: true, terminalWidth: 100))
        #expect(colored != plain)
        #expect(colored.contains("\u{1B}[2m∅\u{1B}[22m"))
        #expect(colored.contains("\u{1B}[1mcontractId\u{1B}[22m"))
        #expect(stripSGR(colored) == plain)
    }

    @Test func nullDiffersFromEmptyString() {
        let text = render(rows: [["a": nil, "b": ""]], options: RenderOptions(format: .table))
        #expect(text.contains("│ ∅ │   │"))
        let ascii = render(rows: [["a": nil, "b": ""]], options: RenderOptions(format: .table, ascii: true))
        #expect(ascii.contains("| (null) |   |"))
    }

    @Test func missingFieldsShowAsNullAndUnionKeepsFirstSeenOrder() {
        let text = render(rows: [["b": 1], ["a": 2, "b": 3]], options: RenderOptions(format: .table))
        #expect(text.contains("│ b │ a │"))
        #expect(text.contains("│ 1 │ ∅ │"))
    }

    @Test func dataCannotInjectEscapes() {
        let text = render(rows: [["x": "\u{1B}[2Jgone"]], options: RenderOptions(format: .table))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func nonObjectRowsShowAsValueColumn() {
        let text = render(rows: [1, "two"], options: RenderOptions(format: .table))
        #expect(text.contains("│ value │"))
        #expect(text.contains("│ two   │"))
    }

    @Test func footerSummaries() {
        #expect(ResultFooter(rowCount: 1).summary == "1 row")
        #expect(ResultFooter(rowCount: 0).summary == "0 rows")
        #expect(ResultFooter(rowCount: 12, complete: false).summary == "12 rows, partial")
        #expect(ResultFooter(rowCount: 2, complete: false, note: "rate limit").summary == "2 rows, partial: rate limit")
        #expect(ResultFooter(rowCount: 2, note: "cached").summary == "2 rows (cached)")
    }

    private func stripSGR(_ text: String) -> String {
        var out = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let s = iterator.next() {
            if s == "\u{1B}" {
                while let t = iterator.next(), t != "m" {}
                continue
            }
            out.unicodeScalars.append(s)
        }
        return out
    }
}
