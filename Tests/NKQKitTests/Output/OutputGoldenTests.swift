import Testing
@testable import NKQKit

/// Byte-exact output of every format. The expected text is what a person checked once;
/// a change here is a change users see.
@Suite struct OutputGoldenTests {
    /// Unicode, nulls, nested values and a partial footer, unfitted.
    @Test func tableUnicodePartial() {
        let expected = #"""
            ┌────────────┬─────────────────────┬─────────┬──────────┬────────────────┬─────────────────────────────────┬───────────────────┐
            │ contractId │ name                │ city    │ discount │ conditions     │ price                           │ note              │
            ├────────────┼─────────────────────┼─────────┼──────────┼────────────────┼─────────────────────────────────┼───────────────────┤
            │      10012 │ Rørlegger Bergen AS │ Ålesund │    12.50 │ [2 conditions] │ {value: 120.5, currency: "NOK"} │ ∅                 │
            │      10017 │ 東京建材 株式会社   │         │  1000.00 │ []             │ {value: 99, currency: "NOK", …} │ 🔨 hammer         │
            │          3 │ Ærlig, "Øl" | Å     │ ∅       │ ∅        │ [1 condition]  │ ∅                               │ two␊lines␉and tab │
            └────────────┴─────────────────────┴─────────┴──────────┴────────────────┴─────────────────────────────────┴───────────────────┘
            3 rows, partial: stopped at --max-calls 2
            nested values in brief: `| flatten FIELD` or `| select FIELD.sub` opens them

            """#
        #expect(render(rows: OutputFixtures.rows, footer: OutputFixtures.partial, options: RenderOptions(format: .table)) == expected)
    }

    /// Cut to 80 columns with visible ellipses and a hint.
    @Test func tableFittedTo80Columns() {
        let expected = #"""
            ┌────────────┬─────────────┬─────────┬──────────┬────────┬────────┬────────────┐
            │ contractId │ name        │ city    │ discount │ condi… │ price  │ note       │
            ├────────────┼─────────────┼─────────┼──────────┼────────┼────────┼────────────┤
            │      10012 │ Rørlegger … │ Ålesund │    12.50 │ [2 co… │ {valu… │ ∅          │
            │      10017 │ 東京建材 …  │         │  1000.00 │ []     │ {valu… │ 🔨 hammer  │
            │          3 │ Ærlig, "Øl… │ ∅       │ ∅        │ [1 co… │ ∅      │ two␊lines… │
            └────────────┴─────────────┴─────────┴──────────┴────────┴────────┴────────────┘
            3 rows
            values cut (…) to fit 80 columns: `.format expanded` shows them whole
            nested values in brief: `| flatten FIELD` or `| select FIELD.sub` opens them

            """#
        #expect(render(rows: OutputFixtures.rows, options: RenderOptions(format: .table, terminalWidth: 80)) == expected)
    }

    /// Too wide even when cut: columns are left out, the first kept, and a note names them.
    @Test func tableLeavesOutColumnsAt40Columns() {
        let expected = #"""
            ┌────────────┬───────────────┬─────────┐
            │ contractId │ name          │ city    │
            ├────────────┼───────────────┼─────────┤
            │      10012 │ Rørlegger Be… │ Ålesund │
            │      10017 │ 東京建材 株…  │         │
            │          3 │ Ærlig, "Øl" … │ ∅       │
            └────────────┴───────────────┴─────────┘
            3 rows
            4 columns left out to fit 40 columns: discount, conditions, price, note; `| select` them or `.format expanded` shows every column
            values cut (…) to fit 40 columns: `.format expanded` shows them whole

            """#
        #expect(render(rows: OutputFixtures.rows, options: RenderOptions(format: .table, terminalWidth: 40)) == expected)
    }

    /// A select list's columns, in its order, cut to 40 columns.
    @Test func tableSelectListAt40Columns() {
        let expected = #"""
            ┌────────┬────────────┬────────────────┐
            │ price  │ contractId │ name           │
            ├────────┼────────────┼────────────────┤
            │ {valu… │      10012 │ Rørlegger Ber… │
            │ {valu… │      10017 │ 東京建材 株式… │
            │ ∅      │          3 │ Ærlig, "Øl" |… │
            └────────┴────────────┴────────────────┘
            3 rows
            values cut (…) to fit 40 columns: `.format expanded` shows them whole
            nested values in brief: `| flatten FIELD` or `| select FIELD.sub` opens them

            """#
        #expect(render(rows: OutputFixtures.rows, columns: ["price", "contractId", "name"], options: RenderOptions(format: .table, terminalWidth: 40)) == expected)
    }

    /// Plain ASCII borders and markers.
    @Test func tableASCII() {
        let expected = #"""
            +------------+-------------+---------+----------+--------+--------+------------+
            | contractId | name        | city    | discount | con... | price  | note       |
            +------------+-------------+---------+----------+--------+--------+------------+
            |      10012 | Rørlegge... | Ålesund |    12.50 | [2 ... | {va... | (null)     |
            |      10017 | 東京建材... |         |  1000.00 | []     | {va... | 🔨 hammer  |
            |          3 | Ærlig, "... | (null)  | (null)   | [1 ... | (null) | two^Jli... |
            +------------+-------------+---------+----------+--------+--------+------------+
            3 rows
            values cut (...) to fit 80 columns: `.format expanded` shows them whole
            nested values in brief: `| flatten FIELD` or `| select FIELD.sub` opens them

            """#
        #expect(render(rows: OutputFixtures.rows, options: RenderOptions(format: .table, ascii: true, terminalWidth: 80)) == expected)
    }

    /// Singular footer, numbers right-aligned under a right-aligned header.
    @Test func tableOneRow() {
        let expected = #"""
            ┌───┬───┐
            │ n │ s │
            ├───┼───┤
            │ 5 │ x │
            └───┴───┘
            1 row

            """#
        #expect(render(rows: [["n": 5, "s": "x"]], options: RenderOptions(format: .table)) == expected)
    }

    /// No rows but a select list: the header and 0 rows.
    @Test func tableEmptyWithColumns() {
        let expected = #"""
            ┌────────────┬──────┐
            │ contractId │ name │
            ├────────────┼──────┤
            └────────────┴──────┘
            0 rows

            """#
        #expect(render(rows: [], columns: ["contractId", "name"], options: RenderOptions(format: .table)) == expected)
    }

    /// No rows and no columns: just the count.
    @Test func tableEmptyWithoutColumns() {
        let expected = #"""
            0 rows

            """#
        #expect(render(rows: [], options: RenderOptions(format: .table)) == expected)
    }

    /// Every field of every record, whole.
    @Test func expandedPartial() {
        let expected = #"""
            ─[ RECORD 1 ]───────────────────────────────
            contractId │ 10012
            name       │ Rørlegger Bergen AS
            city       │ Ålesund
            discount   │ 12.50
            conditions │ [2 conditions]
            price      │ {value: 120.5, currency: "NOK"}
            note       │ ∅
            ─[ RECORD 2 ]───────────────────────────────
            contractId │ 10017
            name       │ 東京建材 株式会社
            city       │
            discount   │ 1e3
            conditions │ []
            price      │ {value: 99, currency: "NOK", …}
            note       │ 🔨 hammer
            ─[ RECORD 3 ]───────────────────────────────
            contractId │ 3
            name       │ Ærlig, "Øl" | Å
            city       │ ∅
            discount   │ ∅
            conditions │ [1 condition]
            price      │ ∅
            note       │ two␊lines␉and tab
            3 rows, partial: stopped at --max-calls 2

            """#
        #expect(render(rows: OutputFixtures.rows, footer: OutputFixtures.partial, options: RenderOptions(format: .expanded)) == expected)
    }

    /// Long values wrap under their field.
    static let expandedAt40 = #"""
        ─[ RECORD 1 ]───────────────────────────
        contractId │ 10012
        name       │ Rørlegger Bergen AS
        city       │ Ålesund
        discount   │ 12.50
        conditions │ [2 conditions]
        price      │ {value: 120.5, currency: "…
        note       │ ∅
        ─[ RECORD 2 ]───────────────────────────
        contractId │ 10017
        name       │ 東京建材 株式会社
        city       │
        discount   │ 1e3
        conditions │ []
        price      │ {value: 99, currency: "NOK…
        note       │ 🔨 hammer
        ─[ RECORD 3 ]───────────────────────────
        contractId │ 3
        name       │ Ærlig, "Øl" | Å
        city       │ ∅
        discount   │ ∅
        conditions │ [1 condition]
        price      │ ∅
        note       │ two␊lines␉and tab
        3 rows

        """#

    @Test func expandedWrappedAt40Columns() {
        #expect(render(rows: OutputFixtures.rows, options: RenderOptions(format: .expanded, terminalWidth: 40)) == Self.expandedAt40)
    }

    /// Pretty: two-space indent, keys and number text as sent.
    @Test func jsonPretty() {
        let expected = #"""
            [
              {
                "contractId": 10012,
                "name": "Rørlegger Bergen AS",
                "city": "Ålesund",
                "discount": 12.50,
                "conditions": [
                  {
                    "id": 1
                  },
                  {
                    "id": 2
                  }
                ],
                "price": {
                  "value": 120.5,
                  "currency": "NOK"
                },
                "note": null
              },
              {
                "contractId": 10017,
                "name": "東京建材 株式会社",
                "city": "",
                "discount": 1e3,
                "conditions": [],
                "price": {
                  "value": 99,
                  "currency": "NOK",
                  "unit": "STK",
                  "zone": 3
                },
                "note": "🔨 hammer"
              },
              {
                "contractId": 3,
                "name": "Ærlig, \"Øl\" | Å",
                "discount": null,
                "conditions": [
                  {
                    "id": 9
                  }
                ],
                "price": null,
                "note": "two\nlines\tand tab"
              }
            ]

            """#
        #expect(render(rows: OutputFixtures.rows, footer: OutputFixtures.partial, options: RenderOptions(format: .json, pretty: true)) == expected)
    }

    /// Compact: one line.
    @Test func jsonCompact() {
        let expected = #"""
            [{"contractId":10012,"name":"Rørlegger Bergen AS","city":"Ålesund","discount":12.50,"conditions":[{"id":1},{"id":2}],"price":{"value":120.5,"currency":"NOK"},"note":null},{"contractId":10017,"name":"東京建材 株式会社","city":"","discount":1e3,"conditions":[],"price":{"value":99,"currency":"NOK","unit":"STK","zone":3},"note":"🔨 hammer"},{"contractId":3,"name":"Ærlig, \"Øl\" | Å","discount":null,"conditions":[{"id":9}],"price":null,"note":"two\nlines\tand tab"}]

            """#
        #expect(render(rows: OutputFixtures.rows, options: RenderOptions(format: .json)) == expected)
    }

    /// An empty result is an empty array.
    @Test func jsonEmpty() {
        let expected = #"""
            []

            """#
        #expect(render(rows: [], options: RenderOptions(format: .json, pretty: true)) == expected)
    }

    /// One object per line.
    @Test func ndjson() {
        let expected = #"""
            {"contractId":10012,"name":"Rørlegger Bergen AS","city":"Ålesund","discount":12.50,"conditions":[{"id":1},{"id":2}],"price":{"value":120.5,"currency":"NOK"},"note":null}
            {"contractId":10017,"name":"東京建材 株式会社","city":"","discount":1e3,"conditions":[],"price":{"value":99,"currency":"NOK","unit":"STK","zone":3},"note":"🔨 hammer"}
            {"contractId":3,"name":"Ærlig, \"Øl\" | Å","discount":null,"conditions":[{"id":9}],"price":null,"note":"two\nlines\tand tab"}

            """#
        #expect(render(rows: OutputFixtures.rows, footer: OutputFixtures.partial, options: RenderOptions(format: .ndjson)) == expected)
    }

    /// Nothing at all for no rows.
    @Test func ndjsonEmpty() {
        #expect(render(rows: [], options: RenderOptions(format: .ndjson)) == "")
    }

    /// RFC 4180 with CRLF; null empty, empty string quoted.
    @Test func csv() {
        let expected = #"""
            contractId,name,city,discount,conditions,price,note
            10012,Rørlegger Bergen AS,Ålesund,12.50,"[{""id"":1},{""id"":2}]","{""value"":120.5,""currency"":""NOK""}",
            10017,東京建材 株式会社,"",1e3,[],"{""value"":99,""currency"":""NOK"",""unit"":""STK"",""zone"":3}",🔨 hammer
            3,"Ærlig, ""Øl"" | Å",,,"[{""id"":9}]",,"two␤lines\#tand tab"

            """#
        #expect(render(rows: OutputFixtures.rows, footer: OutputFixtures.partial, options: RenderOptions(format: .csv)) == Golden.crlf(expected))
    }

    /// A select list fixes the header.
    @Test func csvSelectList() {
        let expected = #"""
            name,note
            Rørlegger Bergen AS,
            東京建材 株式会社,🔨 hammer
            "Ærlig, ""Øl"" | Å","two␤lines\#tand tab"

            """#
        #expect(render(rows: OutputFixtures.rows, columns: ["name", "note"], options: RenderOptions(format: .csv)) == Golden.crlf(expected))
    }

    /// Header only.
    @Test func csvEmptyWithColumns() {
        let expected = #"""
            a,b

            """#
        #expect(render(rows: [], columns: ["a", "b"], options: RenderOptions(format: .csv)) == Golden.crlf(expected))
    }

    /// A field with a tab or a line break quoted, as a spreadsheet's export does; a quote inside
    /// a field left as it is.
    @Test func tsv() {
        let expected = #"""
            contractId\#tname\#tcity\#tdiscount\#tconditions\#tprice\#tnote
            10012\#tRørlegger Bergen AS\#tÅlesund\#t12.50\#t[{"id":1},{"id":2}]\#t{"value":120.5,"currency":"NOK"}\#t
            10017\#t東京建材 株式会社\#t\#t1e3\#t[]\#t{"value":99,"currency":"NOK","unit":"STK","zone":3}\#t🔨 hammer
            3\#tÆrlig, "Øl" | Å\#t\#t\#t[{"id":9}]\#t\#t"two
            lines\#tand tab"

            """#
        #expect(render(rows: OutputFixtures.rows, footer: OutputFixtures.partial, options: RenderOptions(format: .tsv)) == expected)
    }

    /// GitHub table, | escaped, numeric columns right-aligned.
    @Test func markdown() {
        let expected = #"""
            | contractId | name                | city    | discount | conditions          | price                                               | note                 |
            | ---------: | ------------------- | ------- | -------: | ------------------- | --------------------------------------------------- | -------------------- |
            |      10012 | Rørlegger Bergen AS | Ålesund |    12.50 | [{"id":1},{"id":2}] | {"value":120.5,"currency":"NOK"}                    | *null*               |
            |      10017 | 東京建材 株式会社   |         |      1e3 | []                  | {"value":99,"currency":"NOK","unit":"STK","zone":3} | 🔨 hammer            |
            |          3 | Ærlig, "Øl" \| Å    | *null*  |   *null* | [{"id":9}]          | *null*                                              | two<br>lines and tab |

            """#
        #expect(render(rows: OutputFixtures.rows, footer: OutputFixtures.partial, options: RenderOptions(format: .markdown)) == expected)
    }

    /// Header and rule only.
    @Test func markdownEmptyWithColumns() {
        let expected = #"""
            | a   | b   |
            | --- | --- |

            """#
        #expect(render(rows: [], columns: ["a", "b"], options: RenderOptions(format: .markdown)) == expected)
    }
}
