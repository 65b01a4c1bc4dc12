import Testing
@testable import NKQKit

@Suite struct WhereComparisonTests {
    typealias F = PipelineFixture

    @Test func numbersCompareNumericallyKeepingPrecision() throws {
        let rows = [#"{"id":1,"v":10}"#, #"{"id":2,"v":9.5}"#, #"{"id":3,"v":"10"}"#, #"{"id":4,"v":0.1000000000000000001}"#, #"{"id":5}"#]
        #expect(try F.kept("v > 9.75", rows) == ["1"])
        #expect(try F.kept("v = 10.0", rows) == ["1"])
        // Two decimals that round to the same Double still compare by their digits.
        #expect(try F.kept("v > 0.1", rows) == ["1", "2", "4"])
        #expect(try F.kept("v = 0.1", rows) == [])
    }

    @Test func datesCompareAsDatesAndTimestampsByDay() throws {
        let rows = [#"{"id":1,"t":"2021-01-14T16:35:44.94Z"}"#, #"{"id":2,"t":"2021-01-14T16:35:44.9Z"}"#,
                    #"{"id":3,"t":"2021-01-15T00:00:00Z"}"#, #"{"id":4,"t":null}"#, #"{"id":5,"t":"2021-01-13"}"#]
        // A date literal against a timestamp stands for 00:00 UTC of that day.
        #expect(try F.kept("t = 2021-01-15", rows) == ["3"])
        #expect(try F.kept("t > 2021-01-14", rows) == ["1", "2", "3"])
        #expect(try F.kept("t <= 2021-01-14", rows) == ["5"])
        #expect(try F.kept("t < 2021-01-14", rows) == ["5"])
        // A timestamp literal compares instants, whatever the number of fraction digits.
        #expect(try F.kept("t > 2021-01-14T16:35:44.92Z", rows) == ["1", "3"])
        // A quoted date is a date too.
        #expect(try F.kept("t <= '2021-01-13'", rows) == ["5"])
    }

    @Test func stringsBoolsAndMismatchedKinds() throws {
        let rows = [#"{"id":1,"s":"Tak","b":true}"#, #"{"id":2,"s":"tak","b":false}"#, #"{"id":3,"s":5,"b":"true"}"#]
        #expect(try F.kept("s = 'Tak'", rows) == ["1"])
        #expect(try F.kept("s > 'Tak'", rows) == ["2"])
        #expect(try F.kept("b = true", rows) == ["1"])
        // Different kinds are unequal and unordered.
        #expect(try F.kept("s != 'Tak'", rows) == ["2", "3"])
        #expect(try F.kept("s < 'a'", rows) == ["1"])
    }

    @Test func nullsOnlyMatchIsNull() throws {
        let rows = [#"{"id":1,"v":null}"#, #"{"id":2}"#, #"{"id":3,"v":7}"#]
        #expect(try F.kept("v = 7", rows) == ["3"])
        #expect(try F.kept("v != 7", rows) == [])
        #expect(try F.kept("v < 100", rows) == ["3"])
        #expect(try F.kept("v in (7, 8)", rows) == ["3"])
        #expect(try F.kept("v not in (8)", rows) == ["3"])
        #expect(try F.kept("v is null", rows) == ["1", "2"])
        #expect(try F.kept("v is not null", rows) == ["3"])
        // `not` negates the two-valued result.
        #expect(try F.kept("not v = 7", rows) == ["1", "2"])
    }

    @Test func membership() throws {
        let rows = [#"{"id":1,"v":1}"#, #"{"id":2,"v":2}"#, #"{"id":3,"v":"1"}"#, #"{"id":4,"v":3}"#]
        #expect(try F.kept("v in (1, 3)", rows) == ["1", "4"])
        #expect(try F.kept("v not in (1, 3)", rows) == ["2", "3"])
        let s = SourceSpan(at: 0)
        #expect(try F.run("where v in $list", rows, bindings: ["list": .list([.integer(2, span: s)], span: s)]).count == 1)
    }

    @Test func containsIsCaseInsensitive() throws {
        let rows = [#"{"id":1,"s":"Takstein AS"}"#, #"{"id":2,"s":"TAKRENNE"}"#, #"{"id":3,"s":"Vegg"}"#,
                    #"{"id":4,"s":["tak","vegg"]}"#, #"{"id":5,"s":9}"#]
        #expect(try F.kept("s contains 'tak'", rows) == ["1", "2", "4"])
        #expect(try F.kept("s contains 'ÆØÅ'", [#"{"id":1,"s":"blåbær æøå"}"#]) == ["1"])
    }

    @Test func matchesSearchesWithARegexCompiledOnce() throws {
        let rows = [#"{"id":1,"s":"Takstein"}"#, #"{"id":2,"s":"Stein på tak"}"#, #"{"id":3,"s":41000123}"#, #"{"id":4}"#]
        #expect(try F.kept("s matches '^Tak'", rows) == ["1"])
        #expect(try F.kept("s matches 'tak$'", rows) == ["2"])
        #expect(try F.kept("s matches '^410'", rows) == ["3"])
        let refused = PlanFixture.refusal("get stdin | where s matches '(['")
        #expect(refused.map(\.message) == ["invalid regular expression"])
        #expect(refused.first?.span == SourceSpan(start: 28, end: 32))
    }

    @Test func aRegexThatBacktracksWithoutEndIsStoppedWithAnError() throws {
        let long = String(repeating: "a", count: 5_000) + "b"
        let rows = [#"{"id":1,"s":"aaab"}"#, #"{"id":2,"s":"\#(long)"}"#, #"{"id":3,"s":"aa"}"#]
        do {
            _ = try F.run("where s matches '(a|aa)+$'", rows)
            Issue.record("expected the match to be stopped")
        } catch let error as Diagnostic {
            #expect(error.message == "the regular expression '(a|aa)+$' needs too much work on a value of 5001 characters")
            #expect(error.span == SourceSpan(start: 28, end: 38))
        }
        // A plain pattern over the same long value is ordinary work.
        #expect(try F.kept("s matches 'a+b$'", rows) == ["1", "2"])
        #expect(try F.kept("s matches '(a|aa)+$'", [rows[0], rows[2]]) == ["3"])
    }

    @Test func andOrNot() throws {
        let rows = [#"{"id":1,"a":1,"b":1}"#, #"{"id":2,"a":1,"b":2}"#, #"{"id":3,"a":2,"b":2}"#]
        #expect(try F.kept("a = 1 and b = 2", rows) == ["2"])
        #expect(try F.kept("a = 2 or b = 1", rows) == ["1", "3"])
        #expect(try F.kept("not (a = 1 and b = 1)", rows) == ["2", "3"])
    }

    @Test func nestedPathsAndUnknownFieldsKept() throws {
        let rows = [#"{"id":1,"p":{"value":99.5},"extra":"kept"}"#, #"{"id":2,"p":{"value":150}}"#]
        #expect(try F.run("where p.value < 100", rows) == [#"{"id":1,"p":{"value":99.5},"extra":"kept"}"#])
    }
}

@Suite struct PipelineStageTests {
    typealias F = PipelineFixture

    @Test func selectWithAliasesMissingFieldsAndColumnOrder() throws {
        let rows = [#"{"a":1,"b":{"c":2},"z":0}"#]
        #expect(try F.run("select b.c as c, a, missing", rows) == [#"{"c":2,"a":1,"missing":null}"#])
        #expect(try F.pipeline("select b.c as c, a").columns == ["c", "a"])
        #expect(try F.run("select *", rows) == rows)
        #expect(try F.pipeline("select *").columns == nil)
        #expect(try F.pipeline("where a = 1").columns == nil)
    }

    @Test func aSelectedDottedColumnIsNamedByItsDottedNameAfterwards() throws {
        // `select b.c` makes a column named "b.c"; the stages after it find that column, as
        // the analyzer resolved it (they once looked for the nested path and saw only nulls).
        let rows = [#"{"id":1,"b":{"c":2}}"#, #"{"id":2,"b":{"c":5}}"#, #"{"id":3,"b":{"c":3}}"#]
        #expect(try F.run("select id, b.c | sort b.c desc", rows) == [#"{"id":2,"b.c":5}"#, #"{"id":3,"b.c":3}"#, #"{"id":1,"b.c":2}"#])
        #expect(try F.run("select id, b.c | where b.c > 2", rows) == [#"{"id":2,"b.c":5}"#, #"{"id":3,"b.c":3}"#])
        let plan = try PlanFixture.plan("get prices where supplier = 1 | select nobb, purchasePrice.value | sort purchasePrice.value desc")
        guard case .sort(let keys)? = plan.local.stages.last else { Issue.record("no sort"); return }
        #expect(keys.map(\.path) == [["purchasePrice.value"]])
    }

    @Test func selectResolvesResourceAliases() throws {
        let plan = try PlanFixture.plan("get contracts where supplier = 1 | select supplier, contractId as id")
        let row = try JSONValue.parse(#"{"contractId":7,"ownerParticipantNumber":1}"#)
        #expect(try plan.local.run([row]).map { $0.jsonText() } == [#"{"supplier":1,"id":7}"#])
        #expect(plan.columns == ["supplier", "id"])
    }

    @Test func flattenKeepsBothFieldsOfAName() throws {
        let rows = [#"{"contractId":1,"name":"parent","conditions":[{"conditionId":10,"name":"child"},{"conditionId":11}],"x":true}"#,
                    #"{"contractId":2,"conditions":[]}"#, #"{"contractId":3}"#, #"{"contractId":4,"conditions":["a"]}"#]
        let pipeline = try F.pipeline("flatten conditions")
        #expect(try pipeline.run(rows.map { try JSONValue.parse($0) }).map { $0.jsonText() } == [
            #"{"contractId":1,"name":"parent","x":true,"conditionId":10,"conditions_name":"child"}"#,
            #"{"contractId":1,"name":"parent","x":true,"conditionId":11}"#,
            #"{"contractId":4,"conditions":"a"}"#,
        ])
        // Said once, however many rows were renamed.
        #expect(pipeline.notes.lines == ["fields of conditions that the rows already had are renamed: name → conditions_name"])
        // A name taken by the rename itself gets a number.
        #expect(try F.run("flatten l", [#"{"a":1,"l_a":2,"l":[{"a":3}]}"#]) == [#"{"a":1,"l_a":2,"l_a_2":3}"#])
        // Nested arrays: the path is removed from its object.
        #expect(try F.run("flatten a.list", [#"{"a":{"list":[{"k":1}],"keep":2}}"#]) == [#"{"a":{"keep":2},"k":1}"#])
        #expect(try F.pipeline("select a | flatten a").columns == nil)
    }

    @Test func limit() throws {
        let rows = (1...10).map { #"{"i":\#($0)}"# }
        #expect(try F.run("limit 3", rows) == Array(rows.prefix(3)))
        #expect(try F.run("where i > 8 | limit 5", rows) == Array(rows.suffix(2)))
        #expect(try F.run("limit 0", rows) == [])
    }

    @Test func sortIsStableMultiKeyWithNullsLast() throws {
        let rows = [#"{"id":1,"g":"b","v":2}"#, #"{"id":2,"g":"a","v":null}"#, #"{"id":3,"g":"b","v":1}"#,
                    #"{"id":4,"g":"a","v":2}"#, #"{"id":5,"v":2}"#, #"{"id":6,"g":"a","v":2}"#]
        func ids(_ stage: String) throws -> [String] { try F.run(stage, rows).map { try JSONValue.parse($0)["id"].jsonText() } }
        #expect(try ids("sort v") == ["3", "1", "4", "5", "6", "2"])
        #expect(try ids("sort v desc") == ["1", "4", "5", "6", "3", "2"])
        #expect(try ids("sort g, v desc") == ["4", "6", "2", "1", "3", "5"])
        #expect(try ids("sort g desc, id desc") == ["3", "1", "6", "4", "2", "5"])
    }

    @Test func sortOrdersTimestampsAsInstants() throws {
        let rows = [#"{"t":"2021-01-14T16:35:44.94Z"}"#, #"{"t":"2021-01-14T16:35:44.9Z"}"#, #"{"t":"2021-01-14T16:35:45Z"}"#]
        #expect(try F.run("sort t", rows) == [rows[1], rows[0], rows[2]])
    }

    @Test func sortOrdersNumbersNumerically() throws {
        let rows = [#"{"v":10}"#, #"{"v":9.99}"#, #"{"v":-1}"#, #"{"v":"text"}"#]
        #expect(try F.run("sort v", rows) == [rows[2], rows[1], rows[0], rows[3]])
    }

    /// Numbers one Double cannot tell apart stay apart, as `where` keeps them; the same value
    /// written two ways is one.
    @Test func distinctAndGroupKeepNumbersADoubleConfuses() throws {
        let rows = [#"{"v":12345678901234567890}"#, #"{"v":12345678901234567891}"#, #"{"v":0.3}"#,
                    #"{"v":0.30000000000000001}"#, #"{"v":1.10}"#, #"{"v":1.1}"#]
        #expect(try F.run("distinct v", rows).count == 5)
        #expect(try F.run("group by v with count()", rows) == [
            #"{"v":12345678901234567890,"count":1}"#, #"{"v":12345678901234567891,"count":1}"#,
            #"{"v":0.3,"count":1}"#, #"{"v":0.30000000000000001,"count":1}"#, #"{"v":1.10,"count":2}"#,
        ])
        #expect(JoinRunner.key(.number(JSONNumber(text: "12345678901234567890"))) == "12345678901234567890")
        #expect(JoinRunner.key(.number(JSONNumber(text: "3.50"))) == JoinRunner.key(.number(JSONNumber(text: "3.5"))))
    }

    @Test func distinctByFieldsOrWholeRows() throws {
        let rows = [#"{"a":1,"b":1}"#, #"{"a":1,"b":2}"#, #"{"a":1,"b":1}"#, #"{"a":2,"b":1}"#]
        #expect(try F.run("distinct", rows) == [rows[0], rows[1], rows[3]])
        #expect(try F.run("distinct a", rows) == [rows[0], rows[3]])
        #expect(try F.run("distinct b, a", rows) == [rows[0], rows[1], rows[3]])
        #expect(try F.pipeline("select a, b | distinct a").columns == ["a", "b"])
        // Numbers equal by value are the same key.
        #expect(try F.run("distinct a", [#"{"a":1}"#, #"{"a":1.0}"#]).count == 1)
    }

    @Test func count() throws {
        #expect(try F.run("count", [#"{"a":1}"#, #"{"a":2}"#]) == [#"{"count":2}"#])
        #expect(try F.run("where a > 5 | count", [#"{"a":1}"#]) == [#"{"count":0}"#])
        #expect(try F.pipeline("count").columns == ["count"])
    }

    @Test func groupWithAggregates() throws {
        let rows = [#"{"s":1,"v":0.1,"d":"2024-01-02"}"#, #"{"s":2,"v":5,"d":"2024-03-01"}"#, #"{"s":1,"v":0.2,"d":"2023-12-31"}"#,
                    #"{"s":1,"v":null}"#, #"{"s":2,"v":"x","d":"2024-02-01"}"#]
        let out = try F.run("group by s with count(), count() as n, sum(v), avg(v), min(d), max(d), max(v)", rows)
        #expect(out == [
            #"{"s":1,"count":3,"n":3,"sum_v":0.3,"avg_v":0.15,"min_d":"2023-12-31","max_d":"2024-01-02","max_v":0.2}"#,
            #"{"s":2,"count":2,"n":2,"sum_v":5,"avg_v":5,"min_d":"2024-02-01","max_d":"2024-03-01","max_v":"x"}"#,
        ])
        #expect(try F.run("group by s", rows) == [#"{"s":1}"#, #"{"s":2}"#])
        #expect(try F.pipeline("group by s with sum(v) as total").columns == ["s", "total"])
    }

    @Test func sumsDoNotDrift() throws {
        let rows = (0..<1000).map { _ in #"{"g":1,"v":0.1}"# }
        #expect(try F.run("group by g with sum(v) as total", rows) == [#"{"g":1,"total":100}"#])
        let third = try F.run("group by g with avg(v) as a", [#"{"g":1,"v":1}"#, #"{"g":1,"v":1}"#, #"{"g":1,"v":2}"#])
        #expect(third == [#"{"g":1,"a":1.3333333333}"#])
    }

    /// A number `Decimal` cannot read (beyond 1e127 or below 1e-128 in size) is summed as a
    /// floating-point number, not left out of the sum.
    @Test func numbersBeyondDecimalAreSummedNotDropped() throws {
        let huge = try F.run("group by g with sum(a) as s, avg(a) as v",
                             [#"{"g":1,"a":1}"#, #"{"g":1,"a":1e200}"#, #"{"g":1,"a":2}"#])
        let row = try JSONValue.parse(try #require(huge.first))
        #expect(row["s"].doubleValue == 1e200 + 3)
        #expect(row["v"].doubleValue == (1e200 + 3) / 3)
        let tiny = try F.run("group by g with sum(a) as s", [#"{"g":1,"a":1e-200}"#, #"{"g":1,"a":1e-200}"#])
        #expect(try JSONValue.parse(try #require(tiny.first))["s"].doubleValue == 2e-200)
        // Beyond what JSON can write: null, as every non-finite number is.
        #expect(try F.run("group by g with sum(a) as s", [#"{"g":1,"a":1e308}"#, #"{"g":1,"a":1e308}"#]) == [#"{"g":1,"s":null}"#])
    }

    @Test func sumOfNothingIsNull() throws {
        #expect(try F.run("group by g with sum(v), min(v)", [#"{"g":1}"#]) == [#"{"g":1,"sum_v":null,"min_v":null}"#])
    }
}
