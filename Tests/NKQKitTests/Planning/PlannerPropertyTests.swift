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
        let plan = try Planner().plan(try Analyzer().analyzed(query), in: source)
        let execution = try Executor(session: session).run(plan)
        let rows = try await execution.withRows { rows in
            var kept: [JSONValue] = []
            for try await row in plan.local.rows(from: rows) { kept.append(row) }
            return kept
        }
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
        let folder = TemporaryFolder("all")
        defer { folder.remove() }
        let file = folder.write("all.ndjson", everything.map { $0.jsonText() }.joined(separator: "\n"))

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

    /// Limits over many supplier batches: with one call at a time, a run makes exactly the fewest
    /// calls that bring the first N rows in plan order (counted from each batch's rows alone);
    /// with four at once, the same rows, and the fewest calls still where one page may hold them.
    @Test func limitsOverManyBatchesMakeTheFewestCalls() async throws {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = 100_000
        let simulator = try await SimulatorServer.started(configuration)
        let session = APISession(target: Target(apiBaseURL: simulator.apiBaseURL, tokenURL: simulator.tokenURL,
                                                credentials: Credentials(clientID: "demo", clientSecret: "demo-secret")))
        let uncached = ExecutionOptions(useCache: false)
        var rowsOfBatch: [PlannedRequest: Int] = [:]
        var g = Generator(state: 20261201)
        for _ in 0..<25 {
            // 11 to 60 suppliers (2 to 6 batches), some without contracts; limits from 1 to 80.
            let count = 11 + g.next(50)
            var suppliers: [Int] = []
            while suppliers.count < count {
                let supplier = 10001 + g.next(300)
                if !suppliers.contains(supplier) { suppliers.append(supplier) }
            }
            let limit = g.next(2) == 0 ? 1 + g.next(10) : 1 + g.next(80)
            let text = "get contracts where supplier in (\(suppliers.map(String.init).joined(separator: ", "))) | limit \(limit)"
            let source = SourceText(text)
            guard case .query(let query) = try #require(Parser.parseScript(source).statements.first) else { return }
            let plan = try Planner().plan(try Analyzer().analyzed(query), in: source)
            #expect(plan.fetchLimit == limit && plan.dedupKey == nil && plan.requests.count >= 2, "\(text)")
            guard case .api(_, let shape) = plan.source else { return }

            // The fewest calls: batches in plan order, each page holding 10 rows until the short one.
            var minimum = 0
            var needed = limit
            for request in plan.requests where needed > 0 {
                if rowsOfBatch[request] == nil {
                    var whole = plan
                    whole.source = .api(requests: [request], shape: shape)
                    whole.fetchLimit = nil
                    rowsOfBatch[request] = try await Executor(session: session, options: uncached).run(whole).collect().count
                }
                let rows = rowsOfBatch[request] ?? 0
                minimum += needed <= rows ? (needed + 9) / 10 : rows / 10 + 1
                needed -= min(needed, rows)
            }

            let one = try Executor(session: session, options: ExecutionOptions(concurrency: 1, useCache: false)).run(plan)
            let oneRows = try await one.collect()
            #expect(one.stats.calls == minimum, "\(text)")
            let four = try Executor(session: session, options: ExecutionOptions(concurrency: 4, useCache: false)).run(plan)
            let fourRows = try await four.collect()
            #expect(fourRows == oneRows, "\(text)")
            #expect(four.stats.calls >= minimum, "\(text)")
            // A page of contracts may hold 10 rows: up to 10 wanted, no call waits on a guess.
            if limit <= 10 { #expect(four.stats.calls == minimum, "\(text)") }
            #expect(four.stats.calls <= plan.cost.max ?? Int.max, "\(text)")
        }
    }

    /// The issue's example: the first batch's first page holds the rows `limit 5` wants.
    @Test func aSatisfiedLimitStartsNoFurtherBatch() async throws {
        let simulator = try await SimulatorServer.started()
        let session = APISession(target: Target(apiBaseURL: simulator.apiBaseURL, tokenURL: simulator.tokenURL,
                                                credentials: Credentials(clientID: "demo", clientSecret: "demo-secret")))
        let suppliers = (10001...10025).map(String.init).joined(separator: ", ")
        let text = "get contracts where supplier in (\(suppliers)) | limit 5"
        let source = SourceText(text)
        guard case .query(let query) = try #require(Parser.parseScript(source).statements.first) else { return }
        let plan = try Planner().plan(try Analyzer().analyzed(query), in: source)
        #expect(plan.requests.count == 3)
        let execution = try Executor(session: session, options: ExecutionOptions(useCache: false)).run(plan)
        #expect(try await execution.collect().count == 5)
        #expect(execution.stats.calls == 1)
    }
}
