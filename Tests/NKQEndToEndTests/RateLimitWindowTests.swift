import Foundation
import NKQTestSupport
import Testing

/// Windows per scope against `nkq sim` processes: a client-level window with an endpoint's own,
/// two endpoints with windows of their own, and an endpoint that sends no rate-limit headers.
/// Counts are asserted (429s served, seconds waited per statement), never how long a run took.
@Suite(.serialized, .timeLimit(.minutes(3))) struct RateLimitWindowTests {
    let nkq = NKQProcess()
    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]

    /// The `--stats-file` lines, one per statement.
    func stats(_ path: String) throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    /// `count` NOBB numbers from 40000001 on: one prices call per 20.
    static func nobbNumbers(_ count: Int) -> String {
        (40_000_001..<(40_000_001 + count)).map(String.init).joined(separator: ", ")
    }

    @Test func contractsNeverWaitForThePricesWindowAndNoCallIsRefused() async throws {
        let sim = try SimProcess(["--rate-limit", "1000/60,prices=10/2"])
        let statsFile = nkq.home.path + "/stats.ndjson"
        // 25 prices calls each (three windows of 10), and contracts for ten suppliers.
        let prices = "get prices where nobb in (\(Self.nobbNumbers(500))) | count"
        let contracts = "get contracts where supplier in (10001, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10010) | count"
        let r = try await nkq.run(sim.target + ["--no-cache", "--stats-file", statsFile, "--format", "ndjson",
                                          "-c", prices, "-c", contracts, "-c", prices, "-c", contracts], environment: demo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try await sim.served(status: 429) == 0)
        let lines = try stats(statsFile)
        try #require(lines.count == 4)
        for (i, line) in lines.enumerated() {
            #expect(line["throttled"] as? Int == 0)
            if i % 2 == 0 {
                // The prices window was the one that bound: 25 calls of 10 a window waited.
                #expect((line["waitedSeconds"] as? Double ?? 0) > 0, "\(line)")
            } else {
                #expect(line["waitedSeconds"] as? Double == 0, "contracts waited: \(line)")
                #expect((line["calls"] as? Int ?? 0) > 1)
            }
        }
        // Both prices statements counted the same rows, as did both contracts statements.
        let counts = r.stdout.split(separator: "\n").map(String.init)
        #expect(counts.count == 4 && counts[0] == counts[2] && counts[1] == counts[3], "\(r.stdout)")
    }

    @Test func twoEndpointsWithWindowsOfTheirOwnEachGetTheirFullWindow() async throws {
        let sim = try SimProcess(["--rate-limit", "contracts=20/2,prices=20/2"])
        let statsFile = nkq.home.path + "/stats.ndjson"
        // 20 calls each: 20 pages of contracts, then 20 calls of 20 NOBB numbers.
        let r = try await nkq.run(sim.target + ["--no-cache", "--stats-file", statsFile, "--format", "ndjson",
                                          "-c", "get contracts | limit 200 | count",
                                          "-c", "get prices where nobb in (\(Self.nobbNumbers(400))) | count"], environment: demo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try await sim.served(status: 429) == 0)
        let lines = try stats(statsFile)
        try #require(lines.count == 2)
        for line in lines {
            #expect(line["calls"] as? Int == 20, "\(line)")
            // prices did not wait for contracts' spent window: it has one of its own.
            #expect(line["waitedSeconds"] as? Double == 0, "\(line)")
        }
    }

    @Test func a429NamingTheClientWindowTeachesThatTheEndpointSharesIt() async throws {
        // contracts' own window (10) is tighter than the client window (25), so its answers would
        // show the client window only once that is the tighter one. prices spends the client
        // window first; contracts' first call (alone: the endpoint is not heard from yet) meets
        // a 429 that names it, and from then on one window paces both.
        let sim = try SimProcess(["--rate-limit", "25/60,contracts=10/60"])
        let r = try await nkq.run(sim.target + ["--no-cache", "--max-wait", "1", "--continue-on-error",
                                                "-c", "get prices where nobb in (\(Self.nobbNumbers(500))) | count",
                                                "-c", "get contracts | limit 50 | count", "-c", ".quota"], environment: demo)
        #expect(r.stderr.contains("longer than --max-wait"), "\(r.stderr)")
        #expect(try await sim.served(status: 429) == 1)
        #expect(r.stdout.contains("quota: 1 window"), "\(r.stdout)")
        #expect(r.stdout.contains("the shared window (contracts, prices): 0 of 25 calls left"), "\(r.stdout)")
    }

    @Test func anEndpointWithoutHeadersIsPacedBy429sAndFinishesWithTheRowsOfACleanRun() async throws {
        let statement = "get zones where supplier in (\((10001...10300).map(String.init).joined(separator: ", ")))"
        let clean = try SimProcess([])
        let expected = try await nkq.run(clean.target + ["--no-cache", "--format", "ndjson", "-c", statement], environment: demo)
        #expect(expected.status == 0, "\(expected.stderr)")
        // The rows themselves, each an NDJSON line; sorted, since calls may answer in any order.
        func rows(_ stdout: String) -> [Substring] { stdout.split(separator: "\n").sorted() }
        let expectedRows = rows(expected.stdout)
        #expect(expectedRows.count > 30, "a clean run has zones of many suppliers: \(expectedRows.count) rows")

        let sim = try SimProcess(["--no-ratelimit-headers", "zones", "--rate-limit", "zones=5/1", "--retry-after"])
        let statsFile = nkq.home.path + "/stats.ndjson"
        let r = try await nkq.run(sim.target + ["--no-cache", "--stats-file", statsFile, "--format", "ndjson", "-c", statement],
                            environment: demo)
        #expect(r.status == 0, "\(r.stderr)")
        let got = rows(r.stdout)
        #expect(got == expectedRows, "\(got.count) rows against \(expectedRows.count) in a clean run")
        // 30 calls of 5 a window: six windows. At most --concurrency (4) 429s in the window
        // that teaches the budget, then at most one per window (docs/executor.md).
        let served = try await sim.served(status: 429)
        #expect(served <= 4 + 6, "\(served) 429s")
        #expect(try stats(statsFile).first?["throttled"] as? Int == served)
    }
}
