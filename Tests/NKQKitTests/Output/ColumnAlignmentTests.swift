import Testing
@testable import NKQKit

@Suite struct ColumnAlignmentTests {
    @Test func decimalsShareOneScale() {
        #expect(ColumnAlignment.decimals(["10905.81", "4330.2", "1841.5"]) == ["10905.81", "4330.20", "1841.50"])
        #expect(ColumnAlignment.decimals(["12.50", "1e3"]) == ["12.50", "1000.00"])
        #expect(ColumnAlignment.decimals(["5", "-2.5"]) == ["5.0", "-2.5"])
    }

    @Test func integersAndAgreeingColumnsAreLeftAsTheyAre() {
        #expect(ColumnAlignment.decimals(["10012", "3"]) == nil)
        #expect(ColumnAlignment.decimals(["1.25", "3.50"]) == nil)
        #expect(ColumnAlignment.decimals(["NaN"]) == nil)
    }

    @Test func averagesAreRoundedForDisplay() {
        #expect(ColumnAlignment.decimals(["1841.4833333333", "12.1"]) == ["1841.48", "12.10"])
        #expect(ColumnAlignment.decimals(["1841.4833333333", "2.6666666667"]) == ["1841.48", "2.67"])
    }

    @Test func timestampsShareOnePrecision() {
        #expect(ColumnAlignment.timestamps(["2024-12-01T10:00:00.5Z", "2024-12-01T10:00:01Z", "2024-12-01T10:00:02.125+01:00"])
            == ["2024-12-01T10:00:00.500Z", "2024-12-01T10:00:01.000Z", "2024-12-01T10:00:02.125+01:00"])
        #expect(ColumnAlignment.timestamps(["2024-12-01T10:00:00Z", "2024-12-01T10:00:01Z"]) == nil)
        #expect(ColumnAlignment.timestamps(["2024-12-01", "2024-12-01T10:00:01.5Z"]) == nil)
    }

    @Test func aTableShowsOneScalePerColumnAndJSONKeepsTheText() {
        let rows: [JSONValue] = [["price": .number(JSONNumber(text: "10905.81"))], ["price": .number(JSONNumber(text: "4330.2"))]]
        let table = render(rows: rows, options: RenderOptions(format: .table))
        #expect(table.contains("│  4330.20 │"), "\(table)")
        let json = render(rows: rows, options: RenderOptions(format: .json))
        #expect(json.contains("4330.2}") || json.contains("4330.2\n"), "\(json)")
    }
}
