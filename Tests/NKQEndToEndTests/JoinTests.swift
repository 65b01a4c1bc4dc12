import Foundation
import NKQKit
import NKQTestSupport
import Testing

/// A spreadsheet of NOBB numbers priced by `join prices`: the calls counted by the simulator,
/// the prices checked against the prices resource, left joins, joins of files, explain.
@Suite(.serialized, .timeLimit(.minutes(3))) struct JoinTests {
    let nkq = NKQProcess()
    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]

    /// 490 NOBB numbers of the simulator's items, spread over its suppliers, and 10 it does not know.
    static let numbers: [Int] = (0..<490).map { 40_000_001 + $0 * 37 } + (0..<10).map { 99_999_000 + $0 }

    func target(_ simulator: SimProcess) -> [String] { simulator.target }

    /// `items.csv` as Excel writes it: `;`, a decimal comma, æøå.
    func itemsFile() -> String {
        var text = "nobb;navn;antall\r\n"
        for (i, n) in Self.numbers.enumerated() { text += "\(n);Vare æøå \(i);\(i % 7),5\r\n" }
        return nkq.home.write("items.csv", text)
    }

    func rows(_ result: NKQProcess.Result) throws -> [JSONValue] {
        guard case .array(let rows) = try JSONValue.parse(result.stdout) else { return [] }
        return rows
    }

    @Test func joiningPricesBatchesTheSpreadsheetsNumbersAndGivesEachItemItsPrice() async throws {
        let simulator = try SimProcess([])
        let items = itemsFile()
        let stats = nkq.home.path + "/stats.ndjson"

        let before = try await simulator.priceCalls()
        let joined = try await nkq.run(target(simulator) + ["--no-cache", "--format", "json", "--stats-file", stats, "-c",
                                                     "get file '\(items)' | join prices on nobb = nobbNumber"], environment: demo)
        #expect(joined.status == 0, "\(joined.stderr)")
        // 500 distinct NOBB numbers, 20 a call.
        #expect(try await simulator.priceCalls() - before == 25)
        let line = try JSONValue.parse(try String(contentsOfFile: stats, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? "")
        #expect(line["calls"] == 25)

        // The reference: the prices resource asked for the same numbers directly.
        let direct = try await nkq.run(target(simulator) + ["--format", "json", "-c",
                                                     "get prices where nobbNumber in (\(Self.numbers.map(String.init).joined(separator: ", ")))"],
                                 environment: demo)
        #expect(direct.status == 0, "\(direct.stderr)")
        let reference = try rows(direct)
        let result = try rows(joined)
        #expect(!reference.isEmpty)
        #expect(result.count == reference.count)
        var byKey: [String: JSONValue] = [:]
        for price in reference { byKey["\(price["nobbNumber"].jsonText())/\(price["supplierParticipantNumber"].jsonText())"] = price }
        for row in result {
            let price = try #require(byKey["\(row["nobbNumber"].jsonText())/\(row["supplierParticipantNumber"].jsonText())"])
            // The item's own fields, then every field of its price as the prices resource gives it.
            #expect(row["nobb"] == row["nobbNumber"])
            #expect(row["navn"].stringValue?.hasPrefix("Vare æøå ") == true)
            for (key, value) in price.objectValue ?? JSONObject() { #expect(row[key] == value, "\(key)") }
        }
        let priced = Set(result.map { $0["nobb"].jsonText() })

        // A left join keeps every item; those without a price have nulls in its fields.
        let left = try await nkq.run(target(simulator) + ["--format", "json", "-c",
                                                   "get file '\(items)' | left join prices on nobb = nobbNumber | where purchasePrice is null | select nobb"],
                               environment: demo)
        #expect(left.status == 0, "\(left.stderr)")
        let unpriced = try rows(left).map { $0["nobb"].jsonText() }
        #expect(unpriced.count == Self.numbers.count - priced.count)
        #expect(Set(unpriced).isDisjoint(with: priced))
        #expect(unpriced.contains("99999000"))
    }

    /// A `limit` after the join stops its calls once met: the first chunk of keys (one call's
    /// 20) brings the rows `limit 5` wants, and they are the full join's first five.
    @Test func aLimitAfterAJoinStopsItsCalls() async throws {
        let simulator = try SimProcess([])
        let items = itemsFile()
        let statement = "get file '\(items)' | join prices on nobb = nobbNumber"
        let whole = try await nkq.run(target(simulator) + ["--format", "json", "-c", statement], environment: demo)
        #expect(whole.status == 0, "\(whole.stderr)")
        let before = try await simulator.priceCalls()
        let limited = try await nkq.run(target(simulator) + ["--no-cache", "--format", "json", "-c", statement + " | limit 5"],
                                        environment: demo)
        #expect(limited.status == 0, "\(limited.stderr)")
        #expect(try await simulator.priceCalls() - before == 1)
        #expect(try rows(limited) == Array(try rows(whole).prefix(5)))
    }

    /// A join whose fetch is cut short (`--on-limit partial` in a tight prices window) never
    /// shows an item as unpriced for want of asking, and its count is not written as the answer.
    @Test func aJoinCutShortGivesOnlyRowsItAskedForAndNoCount() async throws {
        let simulator = try SimProcess(["--rate-limit", "1000/60,prices=10/5"])
        let items = itemsFile()
        let statement = "get file '\(items)' | left join prices on nobb = nobbNumber | select nobb, purchasePrice.value"
        let partial = try await nkq.run(target(simulator) + ["--no-cache", "--on-limit", "partial", "--format", "ndjson",
                                                             "-c", statement], environment: demo)
        #expect(partial.status == 3, "\(partial.stderr)")
        let counted = try await nkq.run(target(simulator) + ["--no-cache", "--on-limit", "partial", "--format", "json",
                                                             "-c", statement + " | count"], environment: demo)
        #expect(counted.status == 3, "\(counted.stderr)")
        #expect(counted.stdout.isEmpty, "\(counted.stdout)")
        // The whole join, waiting for the window as it must; its time is the statement's, the
        // join's waits included.
        let stats = nkq.home.path + "/cut-short.ndjson"
        let whole = try await nkq.run(target(simulator) + ["--format", "ndjson", "--stats-file", stats, "-c", statement],
                                      environment: demo)
        #expect(whole.status == 0, "\(whole.stderr)")
        let line = try JSONValue.parse(try String(contentsOfFile: stats, encoding: .utf8))
        let waited = try #require(line["waitedSeconds"].doubleValue), elapsed = try #require(line["elapsedSeconds"].doubleValue)
        #expect(waited > 0 && elapsed >= waited, "\(line.jsonText())")
        let partialRows = partial.stdout.split(separator: "\n")
        let wholeRows = whole.stdout.split(separator: "\n")
        #expect(!partialRows.isEmpty && partialRows.count < wholeRows.count, "\(partialRows.count) of \(wholeRows.count)")
        #expect(Array(wholeRows.prefix(partialRows.count)) == partialRows)
    }

    @Test func aJoinsCallsCountAgainstMaxCalls() async throws {
        let simulator = try SimProcess([])
        let items = itemsFile()
        let before = try await simulator.priceCalls()
        // 500 distinct numbers need 25 calls: refused before any, with the budget named.
        let refused = try await nkq.run(target(simulator) + ["--no-cache", "--max-calls", "24", "--format", "json", "-c",
                                                      "get file '\(items)' | join prices on nobb = nobbNumber"], environment: demo)
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("--max-calls 24"))
        #expect(refused.stdout.isEmpty)
        #expect(try await simulator.priceCalls() == before)

        let allowed = try await nkq.run(target(simulator) + ["--no-cache", "--max-calls", "25", "--format", "json", "-c",
                                                      "get file '\(items)' | join prices on nobb = nobbNumber | count"], environment: demo)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try await simulator.priceCalls() - before == 25)

        // The statement's own request and its join's share one budget: 1 + 1 calls do not fit in 1.
        let numbers = Self.numbers.prefix(20).map(String.init).joined(separator: ", ")
        let shared = try await nkq.run(target(simulator) + ["--no-cache", "--max-calls", "1", "--format", "json", "-c",
                                                     "get prices where nobbNumber in (\(numbers)) | select nobbNumber | join prices on nobbNumber = nobbNumber"],
                                 environment: demo)
        #expect(shared.status == 3, "\(shared.stderr)")
        #expect(shared.stderr.contains("the 0 left of --max-calls 1"), "\(shared.stderr)")
        #expect(shared.stdout.isEmpty)
        #expect(try await simulator.priceCalls() - before == 26)
    }

    @Test func aJoinOfAFileRunsLocallyAndKeepsBothSidesOfAClash() async throws {
        let simulator = try SimProcess([])
        let items = itemsFile()
        let names = nkq.home.write("kategorier.csv", "nobb,navn,kategori\n40000001,Annet navn,Trelast\n40000038,Skruer,Festemidler\n")
        let before = try await simulator.priceCalls()
        let r = try await nkq.run(target(simulator) + ["--format", "json", "-c",
                                                "get file '\(items)' | join file '\(names)' on nobb = nobb | select nobb, navn, kategorier_navn, kategori"],
                            environment: demo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == #"[{"nobb":40000001,"navn":"Vare æøå 0","kategorier_navn":"Annet navn","kategori":"Trelast"},"#
            + #"{"nobb":40000038,"navn":"Vare æøå 1","kategorier_navn":"Skruer","kategori":"Festemidler"}]"# + "\n")
        // Renames are said once.
        #expect(r.stderr.components(separatedBy: "renamed").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("navn → kategorier_navn"), "\(r.stderr)")
        #expect(try await simulator.priceCalls() == before)
    }

    @Test func explainCountsTheKeysAndCallsOfAJoin() async throws {
        let simulator = try SimProcess([])
        let items = itemsFile()
        let before = try await simulator.priceCalls()
        let r = try await nkq.run(target(simulator) + ["--format", "table", "-c", "explain get file '\(items)' | join prices on nobb = nobbNumber"],
                            environment: demo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("join: join prices on nobb = nobbNumber"), "\(r.stdout)")
        #expect(r.stdout.contains("one call per 20 distinct values"), "\(r.stdout)")
        #expect(r.stdout.contains("500 distinct values of nobb"), "\(r.stdout)")
        #expect(r.stdout.contains("25 requests"), "\(r.stdout)")
        #expect(try await simulator.priceCalls() == before)
    }
}
