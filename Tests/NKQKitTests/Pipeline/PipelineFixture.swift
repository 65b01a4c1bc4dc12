import Testing
@testable import NKQKit

/// Runs stages written as statement text (`where x > 1 | sort y`) over rows given as JSON.
enum PipelineFixture {
    static func pipeline(_ stages: String, bindings: [String: Expr] = [:]) throws -> LocalPipeline {
        try PlanFixture.plan("get stdin | " + stages, bindings: bindings).local
    }

    static func run(_ stages: String, _ rows: [String], bindings: [String: Expr] = [:]) throws -> [String] {
        let input = try rows.map { try JSONValue.parse($0) }
        return try pipeline(stages, bindings: bindings).run(input).map { $0.jsonText() }
    }

    /// The values of one field of the rows a `where` keeps.
    static func kept(_ predicate: String, _ rows: [String], field: String = "id") throws -> [String] {
        try run("where " + predicate, rows).map { try JSONValue.parse($0)[field].jsonText() }
    }
}
