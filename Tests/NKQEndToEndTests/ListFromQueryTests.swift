import Foundation
import NKQKit
import NKQTestSupport
import Testing

/// Lists from queries: `let NAME = get … | select F` and `in (get …)` batch as written lists do.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ListFromQueryTests {
    let nkq = NKQProcess()
    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]

    func target(_ simulator: SimProcess) -> [String] { simulator.target }

    /// 500 distinct NOBB numbers, 20 of them twice: 520 rows.
    func itemsFile() -> String {
        let numbers = (0..<500).map { 40_000_001 + $0 * 29 }
        let rows = numbers + numbers.prefix(20)
        return nkq.home.write("items.csv", "nobb;navn\n" + rows.map { "\($0);vare \($0)\n" }.joined())
    }

    @Test func aListBoundFromAQueryAndASubqueryBatchAsWrittenLists() async throws {
        let simulator = try SimProcess([])
        let items = itemsFile()

        let before = try await simulator.priceCalls()
        let bound = try await nkq.run(target(simulator) + ["--no-cache", "--format", "json", "-c", "let items = get file '\(items)' | select nobb",
                                                    "-c", "get prices where nobbNumber in $items | count"], environment: demo)
        #expect(bound.status == 0, "\(bound.stderr)")
        // 500 distinct numbers, 20 a call, the 20 repeats asked for once.
        let afterBound = try await simulator.priceCalls()
        #expect(afterBound - before == 25)

        let sub = try await nkq.run(target(simulator) + ["--no-cache", "--format", "json", "-c",
                                                  "get prices where nobbNumber in (get file '\(items)' | select nobb) | count"], environment: demo)
        #expect(sub.status == 0, "\(sub.stderr)")
        #expect(try await simulator.priceCalls() - afterBound == 25)
        #expect(sub.stdout == bound.stdout)
        #expect(sub.stdout != "[{\"count\":0}]\n")

        // explain reads the file (no call) and says how many values and calls.
        let beforeExplain = try await simulator.priceCalls()
        let explain = try await nkq.run(target(simulator) + ["--format", "table", "-c",
                                                      "explain get prices where nobbNumber in (get file '\(items)' | select nobb)"], environment: demo)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("520 values, 500 distinct (0 calls)"), "\(explain.stdout)")
        #expect(explain.stdout.contains("requests: 25"), "\(explain.stdout)")
        #expect(try await simulator.priceCalls() == beforeExplain)
    }

    @Test func aListNeedsOneColumn() async throws {
        let path = nkq.home.write("items.csv", "nobb;navn\n1;a\n")
        let r = try await nkq.run(NKQProcess.offlineTarget + ["-c", "let items = get file '\(path)' | select nobb, navn"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("a list from a query needs one column; its rows have 'nobb', 'navn'"), "\(r.stderr)")
        let open = try await nkq.run(NKQProcess.offlineTarget + ["-c", "get file '\(path)' | where nobb in (get file '\(path)')"])
        #expect(open.status == 2)
        #expect(open.stderr.contains("a list from a query needs one column"), "\(open.stderr)")
        // A file-only statement with a file-only list runs without any target.
        let local = try await nkq.run(NKQProcess.offlineTarget + ["--format", "json", "-c",
                                                            "get file '\(path)' | where nobb in (get file '\(path)' | select nobb) | select navn"])
        #expect(local.stdout == "[{\"navn\":\"a\"}]\n", "\(local.stderr)")
    }
}
