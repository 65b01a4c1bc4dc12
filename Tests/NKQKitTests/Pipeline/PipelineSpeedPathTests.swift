import Foundation
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
        #expect(try F.pipeline("select a | sort a").sourceFields == ["a"])
        // Rows that leave whole, or stages that read whole rows, need every field.
        #expect(try F.pipeline("where a > 1").sourceFields == nil)
        #expect(try F.pipeline("sort a | limit 2").sourceFields == nil)
        #expect(try F.pipeline("flatten t | select a").sourceFields == nil)
        #expect(try F.pipeline("distinct | select a").sourceFields == nil)
        #expect(try F.pipeline("where a in (1, 2) and b contains 'x' and c matches 'y' | count").sourceFields == ["a", "b", "c"])
    }

    @Test func theLeadingFilterIsTheWheresBeforeAnyOtherStage() throws {
        #expect(try F.pipeline("where a > 1 | where b.c < 2 | select d").leadingFilter?.fields == ["a", "b"])
        #expect(try F.pipeline("where a > 1 or not b is null").leadingFilter?.fields == ["a", "b"])
        #expect(try F.pipeline("sort a | where b > 1").leadingFilter == nil)
        #expect(try F.pipeline("select a | where a > 1").leadingFilter == nil)
        // A regular expression's work budget belongs to the run: it is not applied while reading.
        #expect(try F.pipeline("where a > 1 | where b matches 'x+'").leadingFilter == nil)
        let rows: [JSONValue] = [["a": 2, "b": 1], ["a": 0, "b": 1], ["a": 3, "b": 5], ["b": 1]]
        let filter = try #require(try F.pipeline("where a > 1 | where b < 2").leadingFilter)
        #expect(try rows.filter { try filter.evaluate($0) } == [["a": 2, "b": 1]])
    }
}

/// Sums in whole units while the numbers allow, then in `Decimal`: the same results as adding
/// every number as a `Decimal`.
@Suite struct AccumulatorUnitsTests {
    static func reference(_ texts: [String], _ function: Aggregate.Function) -> JSONValue {
        var sum = Decimal(0)
        var numbers = 0
        for text in texts {
            if let d = RowValue.decimal(JSONNumber(text: text)) {
                sum += d
                numbers += 1
            }
        }
        guard numbers > 0 else { return .null }
        if function == .sum { return Accumulator.json(sum) }
        var quotient = sum / Decimal(numbers)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, 10, .plain)
        return Accumulator.json(rounded)
    }

    static func accumulated(_ texts: [String], _ function: Aggregate.Function) -> JSONValue {
        var accumulator = Accumulator(function)
        for text in texts { accumulator.add(.number(JSONNumber(text: text))) }
        return accumulator.result
    }

    @Test func unitsGiveWhatDecimalsGive() {
        let lists: [[String]] = [
            ["12.50", "0.5", "100", "-0.10", "0.200"],
            ["0.1", "0.2"],
            ["-0", "-0.0", "0"],
            ["999999999999999999", "999999999999999999", "1"],
            ["9223372036854775807", "1"],
            ["1.000000000000000001", "2"],
            ["0.123456789012345678", "1234567890.12345678"],
            ["1e3", "2.5", "1E-2", "7"],
            ["5", "1.5e100", "0.25"],
            ["-12.345", "12.345", "-0.001"],
            [],
        ] + (0..<20).map { seed in
            (0..<200).map { i in
                let x = ((i + seed * 1000) * 2654435761) % 4294967296
                let sign = x % 5 == 0 ? "-" : ""
                switch x % 4 {
                case 0: return "\(sign)\(x % 100000)"
                case 1: return "\(sign)\(x % 1000).\(x % 10)"
                case 2: return "\(sign)\(x % 100).\(String(x % 1000).leftPadded(to: 3))"
                default: return "\(sign)\(x).\(x % 97)"
                }
            }
        }
        for texts in lists {
            for function in [Aggregate.Function.sum, .avg] {
                #expect(Self.accumulated(texts, function) == Self.reference(texts, function), "\(function) of \(texts.prefix(6))")
                #expect(Self.accumulated(texts, function).jsonText() == Self.reference(texts, function).jsonText())
            }
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
