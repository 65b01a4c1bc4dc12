import Foundation
import NKQSimulator
import Testing
import NKQTestSupport
@testable import NKQKit

/// Random statements run end to end against the simulator agree with brute force: the same
/// statement over a file of every contract (so every predicate runs locally), and the calls
/// made equal the plan's count whenever the plan is exact about it.
@Suite(.stopsServers) struct PlannerPropertyTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let pool = [10001, 10002, 10003, 10004, 10005, 10006, 10012, 10017, 10030, 10101, 10200, 10240]

    static func statement(_ g: inout Generator) -> String {
        // Edge-case suppliers (0, 10, 20, 120 contracts) and ordinary ones, in lists and or-chains.
        let count = 1 + g.next(14)
        let suppliers = (0..<count).map { _ in pool[g.next(pool.count)] }
        var predicates: [String] = []
        switch g.next(3) {
        case 0: predicates.append("supplier in (\(suppliers.map(String.init).joined(separator: ", ")))")
        case 1: predicates.append("(" + suppliers.prefix(3).map { "supplier = \($0)" }.joined(separator: " or ") + ")")
        default: predicates.append("supplier = \(suppliers[0])")
        }
        if g.next(2) == 0 { predicates.append("approved >= 202\(3 + g.next(3))-0\(1 + g.next(9))-01") }
        if g.next(3) == 0 { predicates.append("lastModified <= 2025-0\(1 + g.next(9))-15") }
        if g.next(4) == 0 { predicates.append("text contains 'avtale'") }
        var text = "get contracts where " + predicates.joined(separator: " and ")
        if g.next(2) == 0 { text += " | sort contractId desc" }
        if g.next(2) == 0 { text += " | limit \(1 + g.next(25))" }
        text += " | select contractId, ownerParticipantNumber, approved, lastModified"
        return text
    }

    static func run(_ text: String, session: APISession?) async throws -> (rows: [JSONValue], plan: Plan, calls: Int) {
        let source = SourceText(text)
        let script = Parser.parseScript(source)
        #expect(script.diagnostics.isEmpty, "\(text): \(script.diagnostics)")
        guard case .query(let query) = try #require(script.statements.first) else {
            throw CancellationError()
        }
        let plan = try Planner().plan(query, in: source)
        let execution = try Executor(session: session).run(plan)
        var rows: [JSONValue] = []
        for try await row in plan.local.rows(from: execution) { rows.append(row) }
        return (rows, plan, execution.stats.calls)
    }

    @Test func randomStatementsAgreeWithBruteForce() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = 100_000
        let simulator = try await SimulatorServer.started(configuration)
        let session = APISession(target: Target(apiBaseURL: simulator.apiBaseURL, tokenURL: simulator.tokenURL,
                                                credentials: Credentials(clientID: "demo", clientSecret: "demo-secret")))

        // Every contract of the suppliers statements draw from, once, as the brute-force source.
        let all = Self.pool.map(String.init).joined(separator: ", ")
        let everything = try await Self.run("get contracts where supplier in (\(all))", session: session).rows
        #expect(everything.count > 200)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nkq-all-\(UUID().uuidString).ndjson").path
        try everything.map { $0.jsonText() }.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        var g = Generator(state: 20261126)
        for _ in 0..<30 {
            let text = Self.statement(&g)
            let planned = try await Self.run(text, session: session)
            // File rows have no schema, so the alias is spelled out there.
            let bruteText = text.replacingOccurrences(of: "get contracts", with: "get file '\(file)'")
                .replacingOccurrences(of: "supplier", with: "ownerParticipantNumber")
            let brute = try await Self.run(bruteText, session: nil)
            // Without a sort, batches may interleave differently; compare as sets of rows then.
            if text.contains("sort") {
                #expect(planned.rows == brute.rows, "\(text)")
            } else if !text.contains("limit") {
                #expect(Set(planned.rows) == Set(brute.rows), "\(text)")
            } else {
                #expect(planned.rows.count == brute.rows.count, "\(text)")
                #expect(Set(planned.rows).isSubset(of: Set(try await Self.run(
                    text.replacingOccurrences(of: #"\| limit \d+"#, with: "", options: .regularExpression), session: session).rows)))
            }
            #expect(planned.calls >= planned.plan.cost.min, "\(text)")
            if let max = planned.plan.cost.max { #expect(planned.calls <= max, "\(text)") }
            if planned.plan.cost.max == planned.plan.cost.min, planned.plan.limit == nil {
                #expect(planned.calls == planned.plan.cost.min, "\(text)")
            }
        }
    }
}
