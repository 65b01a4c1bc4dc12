import Testing
@testable import NKQKit

@Suite struct TableLayoutTests {
    @Test func fitKeepsNaturalWidthsWhenTheyFit() {
        #expect(TableRenderer.fit(natural: [5, 10], available: 22) == [5, 10])
    }

    @Test func fitCutsTheWidestColumnsFirstAndUsesAllRoom() throws {
        let widths = try #require(TableRenderer.fit(natural: [4, 30, 50], available: 40))
        let total: Int = widths.reduce(0, +) + 10
        #expect(total == 40)
        #expect(widths[0] == 4)
        #expect(widths[1] >= 6 && widths[2] >= widths[1] - 1)
    }

    @Test func fitGivesUpBelowTheMinimum() {
        #expect(TableRenderer.fit(natural: Array(repeating: 20, count: 10), available: 60) == nil)
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
