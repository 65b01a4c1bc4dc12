import Foundation
import NKQTestSupport
import Testing

/// Answers that never mislead, seen from outside: no call past a satisfied limit, and keys that
/// brought nothing named.
@Suite(.timeLimit(.minutes(2))) struct TrustTests {
    let nkq = NKQProcess()

    func stats(_ path: String) throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func aLimitOverManyBatchesStopsAtTheFirstPageThatHoldsIt() throws {
        let statsFile = nkq.home.path + "/stats.ndjson"
        let suppliers = (10001...10025).map(String.init).joined(separator: ", ")
        let r = try nkq.run(["--no-cache", "--stats-file", statsFile, "--format", "ndjson", "-c",
                             "get contracts where supplier in (\(suppliers)) | limit 5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 5)
        #expect(try stats(statsFile).first?["calls"] as? Int == 1)
    }

    @Test func suppliersAndNOBBNumbersThatBroughtNoRowAreNamed() throws {
        let r = try nkq.run(["-c", "get contracts where supplier in (10012, 99999) | count"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "note: no rows for supplier 99999\n")

        let known = try nkq.run(["-c", "get contracts where supplier = 10012 | count"])
        #expect(known.stderr.isEmpty)

        // At most ten are listed, then a count.
        let many = (99_901...99_912).map(String.init)
        let lots = try nkq.run(["-c", "get contracts where supplier in (10012, \(many.joined(separator: ", "))) | count"])
        #expect(lots.stderr == "note: no rows for 12 suppliers: \(many.prefix(10).joined(separator: ", ")) and 2 more\n")

        let prices = try nkq.run(["--format", "ndjson", "-c", "get prices where nobb in (40000941, 99999999)"])
        #expect(prices.status == 0, "\(prices.stderr)")
        #expect(!prices.stdout.isEmpty)
        #expect(prices.stderr == "note: no rows for NOBB number 99999999\n")
    }

    @Test func aStatementStoppedByItsLimitNamesNoKey() throws {
        let r = try nkq.run(["-c", "get contracts where supplier in (10012, 99999) | limit 3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
    }
}
