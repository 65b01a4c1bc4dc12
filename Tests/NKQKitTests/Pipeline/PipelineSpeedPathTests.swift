import Testing
@testable import NKQKit

/// The paths that make local work fast must give what the plain paths give.
@Suite struct PipelineSpeedPathTests {
    typealias F = PipelineFixture

    /// Rows with many ties, nulls, missing fields and mixed kinds, in a fixed pseudo-random order.
    static let rows: [JSONValue] = (0..<400).map { i in
        let x = (i * 2654435761) % 4294967296
        var row = JSONObject([("id", .int(i))])
        switch x % 7 {
        case 0: row["a"] = .null
        case 1: break
        case 2: row["a"] = .string("s\(x % 3)")
        default: row["a"] = .double(Double(x % 5) / 2)
        }
        if x % 4 != 0 { row["b"] = .int(Int(x % 3)) }
        return .object(row)
    }

    @Test(arguments: [0, 1, 2, 7, 50, 399, 400, 1000])
    func topNEqualsTheFullSortThenTheLimit(limit: Int) throws {
        for sort in ["a", "a desc", "a desc, b", "b, a desc", "b desc, a"] {
            let full = try F.pipeline("sort \(sort)").run(Self.rows)
            #expect(try F.pipeline("sort \(sort) | limit \(limit)").run(Self.rows) == Array(full.prefix(limit)), "\(sort)")
            let selected = try F.pipeline("sort \(sort) | select id, a | limit \(limit)").run(Self.rows)
            #expect(selected.map { $0["id"] } == full.prefix(limit).map { $0["id"] }, "\(sort)")
        }
    }

    @Test func onlyASortFollowedByALimitIsBounded() throws {
        #expect(PipelineRun.limit(after: [.limit(3)]) == 3)
        #expect(PipelineRun.limit(after: [.select([LocalColumn(name: "a", path: ["a"])]), .limit(3)]) == 3)
        #expect(PipelineRun.limit(after: [.filter(.always), .limit(3)]) == nil)
        #expect(PipelineRun.limit(after: [.distinct([]), .limit(3)]) == nil)
        #expect(PipelineRun.limit(after: []) == nil)
        // A filter between changes which rows the limit counts: the whole sort runs.
        let rows = try F.run("sort id desc | where id < 3 | limit 2", (0..<6).map { #"{"id":\#($0)}"# })
        #expect(rows == [#"{"id":2}"#, #"{"id":1}"#])
    }

    @Test func sourceFieldsAreTheFieldsReadBeforeRowsAreReshaped() throws {
        #expect(try F.pipeline("where a > 1 | sort b | select c, d.e as x | limit 3").sourceFields == ["a", "b", "c", "d"])
        #expect(try F.pipeline("where a > 1 and (b = 2 or not c is null) | count").sourceFields == ["a", "b", "c"])
        #expect(try F.pipeline("count").sourceFields == [])
        #expect(try F.pipeline("group by s with sum(v) as t, count()").sourceFields == ["s", "v"])
        #expect(try F.pipeline("distinct k | select k").sourceFields == ["k"])
        #expect(try F.pipeline("select a | sort x").sourceFields == ["a"])
        // Rows that leave whole, or stages that read whole rows, need every field.
        #expect(try F.pipeline("where a > 1").sourceFields == nil)
        #expect(try F.pipeline("sort a | limit 2").sourceFields == nil)
        #expect(try F.pipeline("flatten t | select a").sourceFields == nil)
        #expect(try F.pipeline("distinct | select a").sourceFields == nil)
        #expect(try F.pipeline("where a in (1, 2) and b contains 'x' and c matches 'y' | count").sourceFields == ["a", "b", "c"])
    }
}
