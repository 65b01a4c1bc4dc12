import Testing
@testable import NKQKit

@Suite struct RowShapeTests {
    @Test func elementsAreRowsAsSent() throws {
        let body: [JSONValue] = [["b": 1, "a": 2], ["x": nil]]
        #expect(try RowShape.elements.rows(from: body) == body)
    }

    @Test func conditionsCarryContractIdAndSupplierFirst() throws {
        let contract = try JSONValue.parse(#"""
        {"contractId":42,"ownerParticipantNumber":10004,"conditions":[
          {"conditionId":1,"supplier":"ignored","level":"item","elements":[{"elementId":9}]}]}
        """#)
        let rows = try RowShape.conditionsOfContracts.rows(from: [contract])
        #expect(rows.count == 1)
        #expect(rows[0].objectValue?.keys == ["contractId", "supplier", "conditionId", "level", "elements"])
        #expect(rows[0]["supplier"] == 10004)
        #expect(rows[0]["elements"].arrayValue?.count == 1)
    }

    @Test func aContractWithoutConditionsGivesNoRows() throws {
        let rows = try RowShape.conditionsOfContracts.rows(from: [["contractId": 1], ["contractId": 2, "conditions": []]])
        #expect(rows.isEmpty)
    }

    @Test func orderLinesGivePriceRowsThenErrorRowsWithTheSameColumns() throws {
        let entry = try JSONValue.parse(#"""
        {"participantNo":10001,"prices":[{"nobbNo":12345678,"productName":"Skrue","gtin":"7041","unit":"STK",
          "currency":"NOK","nobbPrice":10.50,"purchasePrice":8.40,"fullCostPrice":null,"retailPrice":null,
          "from":"2026-01-01","to":null}],
         "productErrors":[{"gtin":"999","error":"Product not found"}]}
        """#)
        let rows = try RowShape.orderPriceLines.rows(from: [entry])
        #expect(rows.count == 2)
        let columns = ["participantNo"] + RowShape.orderPriceFields + ["error"]
        #expect(rows[0].objectValue?.keys == columns)
        #expect(rows[1].objectValue?.keys == columns)
        #expect(rows[0]["participantNo"] == 10001)
        #expect(rows[0]["purchasePrice"].numberValue?.text == "8.40")
        #expect(rows[0]["error"].isNull)
        #expect(rows[1]["gtin"] == "999")
        #expect(rows[1]["error"] == "Product not found")
        #expect(rows[1]["purchasePrice"].isNull)
    }

    @Test func aBodyOfTheWrongShapeIsAnError() {
        #expect(throws: RowShapeError.self) { try RowShape.conditionsOfContracts.rows(from: [1]) }
        #expect(throws: RowShapeError.self) { try RowShape.conditionsOfContracts.rows(from: [["conditions": 3]]) }
        #expect(throws: RowShapeError.self) { try RowShape.orderPriceLines.rows(from: [["prices": [1]]]) }
    }
}
