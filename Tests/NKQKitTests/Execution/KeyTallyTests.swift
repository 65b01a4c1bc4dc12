import Testing
@testable import NKQKit

/// Keys asked for by value that brought no row are named, whatever the key: a supplier or NOBB
/// number (a number in the rows), or a GTIN (digit text whose leading zeros count).
@Suite struct KeyTallyTests {
    @Test func gtinsThatBroughtNoRowAreNamedAsText() {
        let tally = KeyTally([AskedKeys(noun: "GTIN", path: ["gtin"], values: ["07020012345678", "7020012345678", "7020099999999"])])
        // The row's 7020012345678 is not 07020012345678: a GTIN's leading zeros count.
        tally.note(["gtin": "7020012345678", "purchasePrice": 10])
        tally.note(["gtin": "7020012345678", "purchasePrice": 11])
        #expect(tally.notes() == ["no rows for 2 GTINs: 07020012345678, 7020099999999"])
    }

    @Test func numbersMatchAsNumbersAndTheListStopsAtTen() {
        let asked = (1...13).map { String(40_000_000 + $0) }
        let tally = KeyTally([AskedKeys(noun: "NOBB number", path: ["nobbNumber"], values: asked),
                              AskedKeys(noun: "supplier", path: ["supplier"], values: ["10012"])])
        tally.note(["nobbNumber": 40_000_001, "supplier": 10012])
        #expect(tally.notes() == ["no rows for 12 NOBB numbers: " + asked[1...10].joined(separator: ", ") + " and 2 more"])
    }
}
