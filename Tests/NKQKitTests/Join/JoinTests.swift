import Foundation
import NKQTestSupport
import Testing
@testable import NKQKit

/// `join` and `left join`: the syntax, the rows' type after it, its plan, and joins of files
/// run through the executor.
@Suite struct JoinLanguageTests {
    @Test func joinParses() throws {
        let script = Parser.parseScript(SourceText("get file 'items.csv' | left join prices on nobb = nobbNumber | select nobb"))
        #expect(script.diagnostics.isEmpty)
        guard case .query(let query)? = script.statements.first, case .join(let clause, _)? = query.stages.first else {
            Issue.record("no join stage")
            return
        }
        #expect(clause.source.kind == .resource("prices"))
        #expect(clause.left.path == ["nobb"])
        #expect(clause.right.path == ["nobbNumber"])
        #expect(clause.keepsUnmatched)
        #expect(query.stages.count == 2)
        let missing = allDiagnostics("get file 'a.csv' | join prices nobb = nobbNumber").map(\.message)
        #expect(missing == ["expected 'on', found 'nobb'"])
        #expect(allDiagnostics("get file 'a.csv' | left prices on a = b").map(\.message) == ["expected 'join', found 'prices'"])
    }

    @Test func theJoinedFieldsFollowTheRowsOwnRenamedOnAClash() throws {
        let a = try #require(analysis("get conditions | join zones on supplier = supplierParticipantNumber | flatten zones"))
        #expect(a.diagnostics.isEmpty, "\(a.diagnostics)")
        let joined = a.rowTypes[1]
        #expect(joined.fields.map(\.name).suffix(2) == ["supplierParticipantNumber", "zones"])
        // contracts' text vs a file's `text`: the joined one is prefixed with its source.
        let clash = try #require(analysis("get contracts | join contracts on contractId = contractId | where contracts_text = 'x'"))
        #expect(clash.diagnostics.isEmpty, "\(clash.diagnostics)")
        #expect(clash.rowTypes[1].fields.contains { $0.name == "contracts_contractId" })
        // The keys are checked on their own side.
        #expect(allDiagnostics("get prices | join zones on nobbNumber = nobbNumber").map(\.message) == ["unknown field 'nobbNumber'"])
        #expect(allDiagnostics("get prices | join zones on nobb = zones").map(\.message) == ["cannot join on 'zones', an array"])
        #expect(allDiagnostics("get stdin | join stdin on a = b").map(\.message) == ["stdin can be read only once"])
        // A left join's fields may be null; an inner join's keep the schema's word.
        #expect(allDiagnostics("get file 'x.csv' | left join prices on nobb = nobbNumber | where purchasePrice is null").isEmpty)
        #expect(allDiagnostics("get file 'x.csv' | left join prices on nobb = nobbNumber | where purchasePrice.value is null").isEmpty)
        #expect(allDiagnostics("get file 'x.csv' | join prices on nobb = nobbNumber | where purchasePrice is null").map(\.message)
            == ["'purchasePrice' is never null"])
    }

    @Test func aJoinOfAResourcePlansItsKeysAsAFilter() throws {
        let plan = try PlanFixture.plan("get file 'items.csv' | join prices on nobb = nobbNumber | select nobb, purchasePrice.value as price")
        #expect(plan.requests.isEmpty)
        #expect(plan.joins.count == 1)
        #expect(plan.joins[0].batch == 20)
        #expect(plan.columns == ["nobb", "price"])
        #expect(plan.explainText().contains("prices where nobbNumber in (the distinct values of nobb): one call per 20 distinct values"))
        let runner = JoinRunner(executor: Executor(session: nil), clock: PlanFixture.clock)
        let keys: [JSONValue] = (0..<45).map { .number(JSONNumber(40_000_001 + $0)) } + ["0150", "40000001", nil]
        let right = try #require(try runner.rightPlan(plan.joins[0], resource: Schema.prices, keys: JoinRunner.distinctKeys(keys.map { ["nobb": $0] }, at: ["nobb"])))
        // 45 numbers (the text '40000001' is the same key; '0150' is no NOBB number): 3 calls.
        #expect(right.requests.count == 3)
    }

    @Test func filesJoinLocallyInnerAndLeft() async throws {
        let temporary = TemporaryFolder("join")
        defer { temporary.remove() }
        let folder = temporary.path
        temporary.write("items.csv", "nobb;navn\n1;a\n2;b\n3;c\n0150;d\n")
        temporary.write("prices.json", #"[{"nobb":"2","navn":"B","pris":5},{"nobb":2,"navn":"B2","pris":6},{"nobb":150,"navn":"x","pris":7}]"#)
        func run(_ text: String) async throws -> ([String], [String]) {
            let plan = try PlanFixture.plan(text)
            let runner = JoinRunner(executor: Executor(session: nil), clock: PlanFixture.clock)
            let out = try await Executor(session: nil).run(plan).withRows { rows in
                var out: [String] = []
                for try await row in plan.rows(from: rows, runner: runner) { out.append(row.jsonText()) }
                return out
            }
            #expect(runner.stats.calls == 0)
            return (out, plan.local.notes.lines)
        }
        let (inner, notes) = try await run("get file '\(folder)/items.csv' | join file '\(folder)/prices.json' on nobb = nobb")
        #expect(inner == [#"{"nobb":2,"navn":"b","prices_nobb":"2","prices_navn":"B","pris":5}"#,
                          #"{"nobb":2,"navn":"b","prices_nobb":2,"prices_navn":"B2","pris":6}"#])
        #expect(notes == ["fields of prices that the rows already had are renamed: nobb → prices_nobb, navn → prices_navn"])
        let (left, _) = try await run("get file '\(folder)/items.csv' | left join file '\(folder)/prices.json' on nobb = nobb | select nobb, pris")
        #expect(left == [#"{"nobb":1,"pris":null}"#, #"{"nobb":2,"pris":5}"#, #"{"nobb":2,"pris":6}"#, #"{"nobb":3,"pris":null}"#,
                         #"{"nobb":"0150","pris":null}"#])
    }
}
