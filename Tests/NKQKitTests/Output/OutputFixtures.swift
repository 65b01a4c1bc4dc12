@testable import NKQKit

/// Rows that exercise every rendering rule: Unicode (æøå, CJK, emoji), null and missing
/// fields, an empty string, nested arrays and objects, number text kept as sent.
enum OutputFixtures {
    static let rows: [JSONValue] = {
        let text = #"""
        [
          {"contractId": 10012, "name": "Rørlegger Bergen AS", "city": "Ålesund", "discount": 12.50,
           "conditions": [{"id": 1}, {"id": 2}], "price": {"value": 120.5, "currency": "NOK"}, "note": null},
          {"contractId": 10017, "name": "東京建材 株式会社", "city": "", "discount": 1e3,
           "conditions": [], "price": {"value": 99, "currency": "NOK", "unit": "STK", "zone": 3}, "note": "🔨 hammer"},
          {"contractId": 3, "name": "Ærlig, \"Øl\" | Å", "discount": null,
           "conditions": [{"id": 9}], "price": null, "note": "two\nlines\tand tab"}
        ]
        """#
        return try! JSONValue.parse(text).arrayValue!
    }()

    static let partial = ResultFooter(rowCount: 3, complete: false, note: "stopped at --max-calls 2")
}
