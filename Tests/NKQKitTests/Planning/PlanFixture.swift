import Testing
@testable import NKQKit

/// Plans statement text with the real parser and a fixed clock (2026-11-27T10:00:00Z).
enum PlanFixture {
    static let clock = StatementClock(iso: "2026-11-27T10:00:00Z")!

    /// The statement's query as the analyzer passes it to the planner.
    static func query(_ text: String, bindings: [String: Expr] = [:]) throws -> (AnalyzedQuery, SourceText) {
        let script = Parser.parseScript(SourceText(text))
        guard script.diagnostics.isEmpty else {
            throw DiagnosticList(script.diagnostics)
        }
        switch script.statements.first {
        case .query(let q)?, .explain(let q, _)?: return (try Analyzer(bindings: bindings).analyzed(q), script.source)
        default: throw DiagnosticList([.error(.syntax, "not a query", at: nil)])
        }
    }

    static func planner(bindings: [String: Expr] = [:], quota: QuotaSnapshot? = nil,
                        pagesSeen: [PlannedRequest: Int] = [:]) -> Planner {
        Planner(bindings: bindings, clock: clock, quota: quota, pagesSeen: pagesSeen)
    }

    static func plan(_ text: String, bindings: [String: Expr] = [:], quota: QuotaSnapshot? = nil,
                     pagesSeen: [PlannedRequest: Int] = [:]) throws -> Plan {
        let (q, source) = try query(text, bindings: bindings)
        return try planner(bindings: bindings, quota: quota, pagesSeen: pagesSeen).plan(q, in: source)
    }

    /// The diagnostics a statement is refused with (empty when it plans).
    static func refusal(_ text: String, bindings: [String: Expr] = [:]) -> [Diagnostic] {
        do {
            _ = try plan(text, bindings: bindings)
            return []
        } catch let list as DiagnosticList {
            return list.diagnostics
        } catch {
            return [.error(.runtime, "\(error)", at: nil)]
        }
    }
}
