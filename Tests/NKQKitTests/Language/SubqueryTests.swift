import Testing
@testable import NKQKit

/// A query in place of a list: `in (get …)` and `let NAME = get …`.
@Suite struct SubqueryTests {
    @Test func aQueryInParenthesesIsAList() throws {
        let script = Parser.parseScript(SourceText("get prices where nobbNumber in (get file 'x.csv' | where a > 1 | select nobb) | count"))
        #expect(script.diagnostics.isEmpty, "\(script.diagnostics)")
        guard case .query(let query)? = script.statements.first, case .filter(.membership(_, _, .subquery(let inner, _), _), _)? = query.stages.first else {
            Issue.record("no subquery")
            return
        }
        #expect(inner.source.kind == .file("x.csv"))
        #expect(inner.stages.count == 2)
        #expect(query.stages.count == 2)
        let bound = Parser.parseScript(SourceText("let items = get file 'x.csv' | select nobb"))
        guard case .assignment(let assignment)? = bound.statements.first, case .subquery = assignment.value else {
            Issue.record("no subquery after let")
            return
        }
        #expect(allDiagnostics("get prices where nobbNumber in (get file 'x.csv' | select nobb").map(\.message) == ["this '(' is never closed"])
    }

    @Test func theQueryMustGiveOneColumn() {
        #expect(allDiagnostics("get prices where nobbNumber in (get file 'x.csv' | select a, b)").map(\.message)
            == ["a list from a query needs one column; its rows have 'a', 'b'"])
        #expect(allDiagnostics("let items = get file 'x.csv'").map(\.message) == ["a list from a query needs one column"])
        #expect(allDiagnostics("get prices where nobbNumber in (get file 'x.csv' | select a)").isEmpty)
        #expect(allDiagnostics("let items = get file 'x.csv' | select a\nget prices where nobbNumber in $items").isEmpty)
        // The inner query is checked as a statement of its own.
        #expect(allDiagnostics("get prices where nobb in (get contracts | select suplier)").map(\.message) == ["unknown field 'suplier'"])
    }
}
