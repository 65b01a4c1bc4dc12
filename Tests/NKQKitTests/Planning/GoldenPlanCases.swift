import Testing
@testable import NKQKit

// Golden plans: statement text through the real parser and the planner (clock fixed at
// 2026-11-27T10:00:00Z), compared exactly with the expected explain text (or, for refused
// statements, the rendered diagnostics) and, for some, the explain JSON.

struct GoldenCase: Sendable, CustomStringConvertible {
    var statement: String
    var text: String
    var json: String?
    var description: String { statement }
}

extension GoldenPlanTests {
    /// Explain text for a plan, or the rendered diagnostics when the statement is refused.
    static func explain(_ statement: String) -> (text: String, json: String?) {
        do {
            let plan = try PlanFixture.plan(statement, bindings: bindings)
            return (plan.explainText(), plan.explainJSON().jsonText())
        } catch let list as DiagnosticList {
            return ("REFUSED\n" + DiagnosticRenderer().render(list.diagnostics, in: SourceText(statement)), nil)
        } catch {
            return ("\(error)", nil)
        }
    }

    @Test(arguments: GoldenPlanTests.cases)
    func golden(_ c: GoldenCase) {
        let (text, json) = Self.explain(c.statement)
        #expect(text == c.text)
        if let expected = c.json { #expect(json == expected) }
    }

    static let cases: [GoldenCase] = [
        GoldenCase(
            statement: #"get contracts where supplier = 10012"#,
            text: #"""
            plan for: get contracts where supplier = 10012
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier = 10012  → suppliers
            calls: at least 1, no upper bound (pages until the last), about 1

            """#,
            json: #"{"statement":"get contracts where supplier = 10012","source":"api","shape":"elements","requests":[{"method":"GET","path":"/v1/contracts","params":{"suppliers":"10012","count":"10","page":"1"},"paginated":true,"paging":{"parameter":"page","first":1,"size":10,"stop":"shortPage"}}],"dedupKey":null,"predicates":[{"text":"supplier = 10012","placement":"exact","parameter":"suppliers"}],"local":[],"limit":null,"fetchLimit":null,"calls":{"min":1,"max":null,"estimate":1},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get contracts where supplier in (10012, 10017, 10012)"#,
            text: #"""
            plan for: get contracts where supplier in (10012, 10017, 10012)
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012,10017&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier in (10012, 10017, 10012)  → suppliers
            calls: at least 1, no upper bound (pages until the last), about 1

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 1 or supplier = 2 or supplier in (3, 2)"#,
            text: #"""
            plan for: get contracts where supplier = 1 or supplier = 2 or supplier in (3, 2)
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=1,2,3&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier = 1 or supplier = 2 or supplier in (3, 2)  → suppliers
            calls: at least 1, no upper bound (pages until the last), about 1

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier in (1,2,3,4,5,6,7,8,9,10,11,12)"#,
            text: #"""
            plan for: get contracts where supplier in (1,2,3,4,5,6,7,8,9,10,11,12)
            requests: 2, 2 paged
              GET /v1/contracts?suppliers=1,2,3,4,5,6,7,8,9,10&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
              GET /v1/contracts?suppliers=11,12&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier in (1,2,3,4,5,6,7,8,9,10,11,12)  → suppliers
            calls: at least 2, no upper bound (pages until the last), about 4

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 1 and supplier = 2"#,
            text: #"""
            plan for: get contracts where supplier = 1 and supplier = 2
            requests: none
            predicates:
              exact  supplier = 1  → suppliers
              exact  supplier = 2  → suppliers
            calls: 0
            warnings:
              ! contradiction: no row can match supplier = 1 and supplier = 2; no calls are made

            """#,
            json: #"{"statement":"get contracts where supplier = 1 and supplier = 2","source":"empty","requests":[],"dedupKey":null,"predicates":[{"text":"supplier = 1","placement":"exact","parameter":"suppliers"},{"text":"supplier = 2","placement":"exact","parameter":"suppliers"}],"local":[],"limit":null,"fetchLimit":null,"calls":{"min":0,"max":0,"estimate":null},"quota":null,"columns":null,"warnings":["contradiction: no row can match supplier = 1 and supplier = 2; no calls are made"]}"#
        ),
        GoldenCase(
            statement: #"get contracts where supplier in $none"#,
            text: #"""
            plan for: get contracts where supplier in $none
            requests: none
            predicates:
              exact  supplier in $none  → suppliers
            calls: 0
            warnings:
              ! contradiction: no row can match supplier in $none; no calls are made

            """#
        ),
        GoldenCase(
            statement: #"get contracts"#,
            text: #"""
            plan for: get contracts
            requests: 1, 1 paged
              GET /v1/contracts?count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get contracts where approved >= 2024-01-01"#,
            text: #"""
            plan for: get contracts where approved >= 2024-01-01
            requests: 1, 1 paged
              GET /v1/contracts?from=2024-01-01&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              prefilter  approved >= 2024-01-01  → from, re-checked locally
            local: where approved >= 2024-01-01
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 10012 and approved > 2024-01-01 and approved <= 2024-06-30"#,
            text: #"""
            plan for: get contracts where supplier = 10012 and approved > 2024-01-01 and approved <= 2024-06-30
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&from=2024-01-01&to=2024-06-30&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact      supplier = 10012  → suppliers
              prefilter  approved > 2024-01-01  → from, re-checked locally
              prefilter  approved <= 2024-06-30  → to, re-checked locally
            local: where approved > 2024-01-01 and approved <= 2024-06-30
            calls: at least 1, no upper bound (pages until the last), about 1

            """#,
            json: #"{"statement":"get contracts where supplier = 10012 and approved > 2024-01-01 and approved <= 2024-06-30","source":"api","shape":"elements","requests":[{"method":"GET","path":"/v1/contracts","params":{"suppliers":"10012","from":"2024-01-01","to":"2024-06-30","count":"10","page":"1"},"paginated":true,"paging":{"parameter":"page","first":1,"size":10,"stop":"shortPage"}}],"dedupKey":null,"predicates":[{"text":"supplier = 10012","placement":"exact","parameter":"suppliers"},{"text":"approved > 2024-01-01","placement":"prefilter","parameter":"from"},{"text":"approved <= 2024-06-30","placement":"prefilter","parameter":"to"}],"local":["where approved > 2024-01-01 and approved <= 2024-06-30"],"limit":null,"fetchLimit":null,"calls":{"min":1,"max":null,"estimate":1},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get contracts where lastModified >= 2024-01-01 and approved >= 2024-03-01"#,
            text: #"""
            plan for: get contracts where lastModified >= 2024-01-01 and approved >= 2024-03-01
            requests: 1, 1 paged
              GET /v1/contracts?from=2024-03-01&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              local      lastModified >= 2024-01-01
              prefilter  approved >= 2024-03-01  → from, re-checked locally
            local: where lastModified >= 2024-01-01 and approved >= 2024-03-01
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get contracts where approved < 2024-01-01"#,
            text: #"""
            plan for: get contracts where approved < 2024-01-01
            requests: 1, 1 paged
              GET /v1/contracts?to=2023-12-31&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              prefilter  approved < 2024-01-01  → to, re-checked locally
            local: where approved < 2024-01-01
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get contracts where lastModified < 2024-01-01T12:00:00Z"#,
            text: #"""
            plan for: get contracts where lastModified < 2024-01-01T12:00:00Z
            requests: 1, 1 paged
              GET /v1/contracts?to=2024-01-01&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              prefilter  lastModified < 2024-01-01T12:00:00Z  → to, re-checked locally
            local: where lastModified < 2024-01-01T12:00:00Z
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get contracts where approved >= 2024-05-01 and approved <= 2024-01-01"#,
            text: #"""
            plan for: get contracts where approved >= 2024-05-01 and approved <= 2024-01-01
            requests: none
            predicates:
              prefilter  approved >= 2024-05-01  → from, re-checked locally
              prefilter  approved <= 2024-01-01  → to, re-checked locally
            local: where approved >= 2024-05-01 and approved <= 2024-01-01
            calls: 0
            warnings:
              ! contradiction: no row can match approved >= 2024-05-01 and approved <= 2024-01-01; no calls are made

            """#
        ),
        GoldenCase(
            statement: #"get contracts where approved != 2024-01-01 and text contains 'tak'"#,
            text: #"""
            plan for: get contracts where approved != 2024-01-01 and text contains 'tak'
            requests: 1, 1 paged
              GET /v1/contracts?count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              local  approved != 2024-01-01
              local  text contains 'tak'
            local: where approved != 2024-01-01 and text contains 'tak'
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 10012 or text contains 'tak'"#,
            text: #"""
            plan for: get contracts where supplier = 10012 or text contains 'tak'
            requests: 1, 1 paged
              GET /v1/contracts?count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              local  supplier = 10012 or text contains 'tak'
            local: where supplier = 10012 or text contains 'tak'
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 10012 | select contractId, text | limit 5"#,
            text: #"""
            plan for: get contracts where supplier = 10012 | select contractId, text | limit 5
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier = 10012  → suppliers
            local: select contractId, text | limit 5
            limit: 5 rows: fetching stops once 5 rows are in hand
            calls: 1

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 10012 and text contains 'tak' | limit 5"#,
            text: #"""
            plan for: get contracts where supplier = 10012 and text contains 'tak' | limit 5
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier = 10012  → suppliers
              local  text contains 'tak'
            local: where text contains 'tak' | limit 5
            limit: 5 rows after a local where: fetching is not capped, but stops once 5 rows pass it
            calls: at least 1, no upper bound (pages until the last), about 1

            """#,
            json: #"{"statement":"get contracts where supplier = 10012 and text contains 'tak' | limit 5","source":"api","shape":"elements","requests":[{"method":"GET","path":"/v1/contracts","params":{"suppliers":"10012","count":"10","page":"1"},"paginated":true,"paging":{"parameter":"page","first":1,"size":10,"stop":"shortPage"}}],"dedupKey":null,"predicates":[{"text":"supplier = 10012","placement":"exact","parameter":"suppliers"},{"text":"text contains 'tak'","placement":"local","parameter":null}],"local":["where text contains 'tak'","limit 5"],"limit":{"rows":5,"placement":"stream","after":"where"},"fetchLimit":null,"calls":{"min":1,"max":null,"estimate":1},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 10012 | sort approved desc | limit 5"#,
            text: #"""
            plan for: get contracts where supplier = 10012 | sort approved desc | limit 5
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier = 10012  → suppliers
            local: sort approved desc | limit 5
            limit: 5 rows after sort, which needs every row: all rows are fetched first
            calls: at least 1, no upper bound (pages until the last), about 1

            """#,
            json: #"{"statement":"get contracts where supplier = 10012 | sort approved desc | limit 5","source":"api","shape":"elements","requests":[{"method":"GET","path":"/v1/contracts","params":{"suppliers":"10012","count":"10","page":"1"},"paginated":true,"paging":{"parameter":"page","first":1,"size":10,"stop":"shortPage"}}],"dedupKey":null,"predicates":[{"text":"supplier = 10012","placement":"exact","parameter":"suppliers"}],"local":["sort approved desc","limit 5"],"limit":{"rows":5,"placement":"afterAllRows","after":"sort"},"fetchLimit":null,"calls":{"min":1,"max":null,"estimate":1},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get contracts | count"#,
            text: #"""
            plan for: get contracts | count
            requests: 1, 1 paged
              GET /v1/contracts?count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            local: count
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 10012 | limit 0"#,
            text: #"""
            plan for: get contracts where supplier = 10012 | limit 0
            requests: none
            predicates:
              exact  supplier = 10012  → suppliers
            local: limit 0
            limit: 0 rows: fetching stops once 0 rows are in hand
            calls: 0
            warnings:
              ! limit 0: nothing to fetch

            """#
        ),
        GoldenCase(
            statement: #"get conditions where supplier = 10012 and active = true"#,
            text: #"""
            plan for: get conditions where supplier = 10012 and active = true
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&onlyActiveConditions=true&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier = 10012  → suppliers
              exact  active = true  → onlyActiveConditions
            calls: at least 1, no upper bound (pages until the last), about 1

            """#,
            json: #"{"statement":"get conditions where supplier = 10012 and active = true","source":"api","shape":"conditionsOfContracts","requests":[{"method":"GET","path":"/v1/contracts","params":{"suppliers":"10012","onlyActiveConditions":"true","count":"10","page":"1"},"paginated":true,"paging":{"parameter":"page","first":1,"size":10,"stop":"shortPage"}}],"dedupKey":null,"predicates":[{"text":"supplier = 10012","placement":"exact","parameter":"suppliers"},{"text":"active = true","placement":"exact","parameter":"onlyActiveConditions"}],"local":[],"limit":null,"fetchLimit":null,"calls":{"min":1,"max":null,"estimate":1},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get conditions where active = false and level = 'item'"#,
            text: #"""
            plan for: get conditions where active = false and level = 'item'
            requests: 1, 1 paged
              GET /v1/contracts?count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              local  active = false
              local  level = 'item'
            local: where active = false and level = 'item'
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier filter: this reads every contract you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get prices where supplier = 10012 and nobb in (41000001, 41000002)"#,
            text: #"""
            plan for: get prices where supplier = 10012 and nobb in (41000001, 41000002)
            requests: 1
              GET /v1/prices?suppliers=10012&nobbNumbers=41000001,41000002
            predicates:
              exact  supplier = 10012  → suppliers
              exact  nobb in (41000001, 41000002)  → nobbNumbers
            calls: 1

            """#
        ),
        GoldenCase(
            statement: #"get prices where nobb in (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21) and supplier in (1,2,3,4,5,6,7,8,9,10,11)"#,
            text: #"""
            plan for: get prices where nobb in (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21) and supplier in (1,2,3,4,5,6,7,8,9,10,11)
            requests: 4
              GET /v1/prices?suppliers=1,2,3,4,5,6,7,8,9,10&nobbNumbers=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20
              GET /v1/prices?suppliers=1,2,3,4,5,6,7,8,9,10&nobbNumbers=21
              GET /v1/prices?suppliers=11&nobbNumbers=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20
              GET /v1/prices?suppliers=11&nobbNumbers=21
            predicates:
              exact  nobb in (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21)  → nobbNumbers
              exact  supplier in (1,2,3,4,5,6,7,8,9,10,11)  → suppliers
            calls: 4

            """#
        ),
        GoldenCase(
            statement: #"get prices where supplier in (1, 2) or nobb = 41000001"#,
            text: #"""
            plan for: get prices where supplier in (1, 2) or nobb = 41000001
            requests: 2
              GET /v1/prices?suppliers=1,2
              GET /v1/prices?nobbNumbers=41000001
              repeated rows across requests are dropped (key: supplierParticipantNumber, nobbNumber)
            predicates:
              exact  supplier in (1, 2) or nobb = 41000001  → suppliers,nobbNumbers
            calls: 2

            """#,
            json: #"{"statement":"get prices where supplier in (1, 2) or nobb = 41000001","source":"api","shape":"elements","requests":[{"method":"GET","path":"/v1/prices","params":{"suppliers":"1,2"},"paginated":false},{"method":"GET","path":"/v1/prices","params":{"nobbNumbers":"41000001"},"paginated":false}],"dedupKey":["supplierParticipantNumber","nobbNumber"],"predicates":[{"text":"supplier in (1, 2) or nobb = 41000001","placement":"exact","parameter":"suppliers,nobbNumbers"}],"local":[],"limit":null,"fetchLimit":null,"calls":{"min":2,"max":2,"estimate":2},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get prices where calculationDate = today + 7d and supplier = 10012"#,
            text: #"""
            plan for: get prices where calculationDate = today + 7d and supplier = 10012
            requests: 1, 1 paged
              GET /v1/prices?suppliers=10012&calculationDate=2026-12-04&contractsPerPage=10&contractPage=1
                  pages: contractPage = 1, 2, … (10 a page) until an empty page
            predicates:
              exact  calculationDate = today + 7d  → calculationDate
              exact  supplier = 10012  → suppliers
            calls: at least 1, no upper bound (pages until the last), about 2

            """#,
            json: #"{"statement":"get prices where calculationDate = today + 7d and supplier = 10012","source":"api","shape":"elements","requests":[{"method":"GET","path":"/v1/prices","params":{"suppliers":"10012","calculationDate":"2026-12-04","contractsPerPage":"10","contractPage":"1"},"paginated":true,"paging":{"parameter":"contractPage","first":1,"size":10,"stop":"emptyPage"}}],"dedupKey":null,"predicates":[{"text":"calculationDate = today + 7d","placement":"exact","parameter":"calculationDate"},{"text":"supplier = 10012","placement":"exact","parameter":"suppliers"}],"local":[],"limit":null,"fetchLimit":null,"calls":{"min":1,"max":null,"estimate":2},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get prices where changedAfterDate = today - 30d"#,
            text: #"""
            plan for: get prices where changedAfterDate = today - 30d
            requests: 1, 1 paged
              GET /v1/prices?changedAfterDate=2026-10-28&contractsPerPage=10&contractPage=1
                  pages: contractPage = 1, 2, … (10 a page) until an empty page
            predicates:
              exact  changedAfterDate = today - 30d  → changedAfterDate
            calls: at least 1, no upper bound (pages until the last), about 300
            warnings:
              ! no supplier or NOBB number filter: this prices every agreement you can see, about 300 calls

            """#
        ),
        GoldenCase(
            statement: #"get prices where purchasePrice.value < 100"#,
            text: #"""
            REFUSED
            error: prices needs a supplier, a NOBB number, a calculation date or a changed-after date
             --> line 1, column 1
              |
            1 | get prices where purchasePrice.value < 100
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            help: add one, e.g. `where supplier = 10012`, `where nobb in (…)` or `where calculationDate = today`

            """#
        ),
        GoldenCase(
            statement: #"get prices where calculationDate = 2020-01-01 and supplier = 1"#,
            text: #"""
            REFUSED
            error: calculation date 2020-01-01 is in the past; the API calculates prices for today or later
             --> line 1, column 36
              |
            1 | get prices where calculationDate = 2020-01-01 and supplier = 1
              |                                    ^^^^^^^^^^
            help: use `calculationDate = today` or a later date

            """#
        ),
        GoldenCase(
            statement: #"get prices where calculationDate = $bad and supplier = 1"#,
            text: #"""
            REFUSED
            error: calculationDate needs a date (yyyy-MM-dd), not "2026-13-01"
             --> line 1, column 36
              |
            1 | get prices where calculationDate = $bad and supplier = 1
              |                                    ^^^^
            help: write e.g. `calculationDate = today` or `calculationDate = 2026-12-01`

            """#
        ),
        GoldenCase(
            statement: #"get prices where calculationDate > today and supplier = 1"#,
            text: #"""
            REFUSED
            error: 'calculationDate' is a request input, not a field of the rows
             --> line 1, column 18
              |
            1 | get prices where calculationDate > today and supplier = 1
              |                  ^^^^^^^^^^^^^^^
            help: use it only as 'calculationDate = VALUE' or 'calculationDate in (…)' in the where right after the source, joined with 'and'

            """#
        ),
        GoldenCase(
            statement: #"get zones where supplier in (10012, 10017)"#,
            text: #"""
            plan for: get zones where supplier in (10012, 10017)
            requests: 1
              GET /v1/zones?suppliers=10012,10017
            predicates:
              exact  supplier in (10012, 10017)  → suppliers
            calls: 1

            """#
        ),
        GoldenCase(
            statement: #"get zones"#,
            text: #"""
            plan for: get zones
            requests: 1
              GET /v1/zones
            calls: 1
            warnings:
              ! no supplier filter: this reads the zone registers of every supplier you can see

            """#,
            json: #"{"statement":"get zones","source":"api","shape":"elements","requests":[{"method":"GET","path":"/v1/zones","params":{},"paginated":false}],"dedupKey":null,"predicates":[],"local":[],"limit":null,"fetchLimit":null,"calls":{"min":1,"max":1,"estimate":1},"quota":null,"columns":null,"warnings":["no supplier filter: this reads the zone registers of every supplier you can see"]}"#
        ),
        GoldenCase(
            statement: #"get orderprices where supplier = 10012 and gtin in ('7020650000011', '7020650000028') and deliveryPostalCode = '0150' and deliveryType = 'Lager'"#,
            text: #"""
            plan for: get orderprices where supplier = 10012 and gtin in ('7020650000011', '7020650000028') and deliveryPostalCode = '0150' and deliveryType = 'Lager'
            requests: 1
              POST /v1/purchaseorder {"deliveryPostalCode":"0150","deliveryType":"Lager","calculationDate":"2026-11-27","suppliers":[{"participantNo":10012,"products":[{"gtin":"7020650000011","count":1},{"gtin":"7020650000028","count":1}]}]}
            predicates:
              exact  supplier = 10012  → suppliers
              exact  gtin in ('7020650000011', '7020650000028')  → products
              exact  deliveryPostalCode = '0150'  → deliveryPostalCode
              exact  deliveryType = 'Lager'  → deliveryType
            calls: 1

            """#,
            json: #"{"statement":"get orderprices where supplier = 10012 and gtin in ('7020650000011', '7020650000028') and deliveryPostalCode = '0150' and deliveryType = 'Lager'","source":"api","shape":"orderPriceLines","requests":[{"method":"POST","path":"/v1/purchaseorder","params":{},"body":{"deliveryPostalCode":"0150","deliveryType":"Lager","calculationDate":"2026-11-27","suppliers":[{"participantNo":10012,"products":[{"gtin":"7020650000011","count":1},{"gtin":"7020650000028","count":1}]}]},"paginated":false}],"dedupKey":null,"predicates":[{"text":"supplier = 10012","placement":"exact","parameter":"suppliers"},{"text":"gtin in ('7020650000011', '7020650000028')","placement":"exact","parameter":"products"},{"text":"deliveryPostalCode = '0150'","placement":"exact","parameter":"deliveryPostalCode"},{"text":"deliveryType = 'Lager'","placement":"exact","parameter":"deliveryType"}],"local":[],"limit":null,"fetchLimit":null,"calls":{"min":1,"max":1,"estimate":1},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get orderprices where supplier = 10012 and deliveryPostalCode = '0150'"#,
            text: #"""
            REFUSED
            error: orderprices needs suppliers, GTINs, a delivery postal code and a delivery type
             --> line 1, column 1
              |
            1 | get orderprices where supplier = 10012 and deliveryPostalCode = '0150'
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            help: add `gtin in ('…')`, `deliveryType = '…'`

            """#
        ),
        GoldenCase(
            statement: #"get orderprices where supplier in (1,2,3,4,5,6,7,8,9,10,11,12) and gtin = '7020650000011' and deliveryPostalCode = '0150' and deliveryType = 'Byggeplass' and quantity = 3 and calculationDate = today + 1d"#,
            text: #"""
            plan for: get orderprices where supplier in (1,2,3,4,5,6,7,8,9,10,11,12) and gtin = '7020650000011' and deliveryPostalCode = '0150' and deliveryType = 'Byggeplass' and quantity = 3 and calculationDate = today + 1d
            requests: 2
              POST /v1/purchaseorder {"deliveryPostalCode":"0150","deliveryType":"Byggeplass","calculationDate":"2026-11-28","suppliers":[{"participantNo":1,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":2,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":3,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":4,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":5,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":6,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":7,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":8,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":9,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":10,"products":[{"gtin":"7020650000011","count":3}]}]}
              POST /v1/purchaseorder {"deliveryPostalCode":"0150","deliveryType":"Byggeplass","calculationDate":"2026-11-28","suppliers":[{"participantNo":11,"products":[{"gtin":"7020650000011","count":3}]},{"participantNo":12,"products":[{"gtin":"7020650000011","count":3}]}]}
            predicates:
              exact  supplier in (1,2,3,4,5,6,7,8,9,10,11,12)  → suppliers
              exact  gtin = '7020650000011'  → products
              exact  deliveryPostalCode = '0150'  → deliveryPostalCode
              exact  deliveryType = 'Byggeplass'  → deliveryType
              exact  quantity = 3  → quantity
              exact  calculationDate = today + 1d  → calculationDate
            calls: 2

            """#
        ),
        GoldenCase(
            statement: #"get file 'rows.ndjson' where x > 1 | limit 3"#,
            text: #"""
            plan for: get file 'rows.ndjson' where x > 1 | limit 3
            source: file 'rows.ndjson' (no API calls)
            predicates:
              local  x > 1
            local: where x > 1 | limit 3
            limit: 3 rows after a local where: fetching is not capped, but stops once 3 rows pass it
            calls: 0

            """#,
            json: #"{"statement":"get file 'rows.ndjson' where x > 1 | limit 3","source":"file","path":"rows.ndjson","requests":[],"dedupKey":null,"predicates":[{"text":"x > 1","placement":"local","parameter":null}],"local":["where x > 1","limit 3"],"limit":{"rows":3,"placement":"stream","after":"where"},"fetchLimit":null,"calls":{"min":0,"max":0,"estimate":null},"quota":null,"columns":null,"warnings":[]}"#
        ),
        GoldenCase(
            statement: #"get stdin | sort x | limit 2"#,
            text: #"""
            plan for: get stdin | sort x | limit 2
            source: standard input (no API calls)
            local: sort x | limit 2
            limit: 2 rows after sort, which needs every row: all rows are fetched first
            calls: 0

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = $s and approved >= $since"#,
            text: #"""
            plan for: get contracts where supplier = $s and approved >= $since
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&from=2026-10-28&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact      supplier = $s  → suppliers
              prefilter  approved >= $since  → from, re-checked locally
            local: where approved >= $since
            calls: at least 1, no upper bound (pages until the last), about 1

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 10012 | flatten conditions | limit 5"#,
            text: #"""
            plan for: get contracts where supplier = 10012 | flatten conditions | limit 5
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier = 10012  → suppliers
            local: flatten conditions | limit 5
            limit: 5 rows after a local flatten: fetching is not capped, but stops once 5 rows pass it
            calls: at least 1, no upper bound (pages until the last), about 1

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier = 10012 | where text matches '^Tak' | select contractId"#,
            text: #"""
            plan for: get contracts where supplier = 10012 | where text matches '^Tak' | select contractId
            requests: 1, 1 paged
              GET /v1/contracts?suppliers=10012&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier = 10012  → suppliers
              local  text matches '^Tak'
            local: where text matches '^Tak' | select contractId
            calls: at least 1, no upper bound (pages until the last), about 1

            """#
        ),
        GoldenCase(
            statement: #"get contracts where supplier in $big"#,
            text: #"""
            plan for: get contracts where supplier in $big
            requests: 3, 3 paged
              GET /v1/contracts?suppliers=10001,10002,10003,10004,10005,10006,10007,10008,10009,10010&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
              GET /v1/contracts?suppliers=10011,10012,10013,10014,10015,10016,10017,10018,10019,10020&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
              GET /v1/contracts?suppliers=10021,10022,10023,10024,10025&count=10&page=1
                  pages: page = 1, 2, … (10 a page) until a page with fewer than 10 rows
            predicates:
              exact  supplier in $big  → suppliers
            calls: at least 3, no upper bound (pages until the last), about 8

            """#
        ),
    ]
}
