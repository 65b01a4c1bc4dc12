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

    @Test func aLimitOverManyBatchesStopsAtTheFirstPageThatHoldsIt() async throws {
        let statsFile = nkq.home.path + "/stats.ndjson"
        let suppliers = (10001...10025).map(String.init).joined(separator: ", ")
        let r = try await nkq.run(["--no-cache", "--stats-file", statsFile, "--format", "ndjson", "-c",
                             "get contracts where supplier in (\(suppliers)) | limit 5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 5)
        #expect(try stats(statsFile).first?["calls"] as? Int == 1)
    }

    @Test func suppliersAndNOBBNumbersThatBroughtNoRowAreNamed() async throws {
        let r = try await nkq.run(["-c", "get contracts where supplier in (10012, 99999) | count"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "note: no rows for supplier 99999\n")

        let known = try await nkq.run(["-c", "get contracts where supplier = 10012 | count"])
        #expect(known.stderr.isEmpty)

        // At most ten are listed, then a count.
        let many = (99_901...99_912).map(String.init)
        let lots = try await nkq.run(["-c", "get contracts where supplier in (10012, \(many.joined(separator: ", "))) | count"])
        #expect(lots.stderr == "note: no rows for 12 suppliers: \(many.prefix(10).joined(separator: ", ")) and 2 more\n")

        let prices = try await nkq.run(["--format", "ndjson", "-c", "get prices where nobb in (40000941, 99999999)"])
        #expect(prices.status == 0, "\(prices.stderr)")
        #expect(!prices.stdout.isEmpty)
        #expect(prices.stderr == "note: no rows for NOBB number 99999999\n")
    }

    @Test func aStatementStoppedByItsLimitNamesNoKey() async throws {
        let r = try await nkq.run(["-c", "get contracts where supplier in (10012, 99999) | limit 3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
    }

    @Test func aFailingStatementWritesNothingThatParsesAsAnAnswer() async throws {
        for format in ["json", "csv", "tsv", "markdown", "table"] {
            let r = try await nkq.run(["--format", format, "-c", "get file 'nope.json' | count"])
            #expect(r.status == 1, "\(format): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(format): \(r.stdout)")
            #expect(r.stderr.contains("nope.json"))
        }
        // Failing mid-way: rows before the bad line are not written as an answer, except as
        // ndjson, whose rows already streamed stay (the exit status tells).
        // 20,000 good rows, then a broken line: the reader hands on the first batches before it.
        let good = (0..<20_000).map { "{\"a\":\($0)}\n" }.joined()
        let file = nkq.home.write("broken.ndjson", good + "{\"a\":\n")
        for format in ["json", "csv", "tsv", "markdown", "table"] {
            let r = try await nkq.run(["--format", format, "-c", "get file '\(file)' | select a"])
            #expect(r.status == 1, "\(format): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(format): \(r.stdout)")
        }
        let streamed = try await nkq.run(["--format", "ndjson", "-c", "get file '\(file)' | select a"])
        #expect(streamed.status == 1)
        let lines = streamed.stdout.split(separator: "\n")
        #expect(lines.count > 1_000 && lines.count < 20_000)
        #expect(lines.first == "{\"a\":0}")
    }

    @Test func anAnswerLargerThanWhatIsHeldInMemoryIsWrittenWholeOrNotAtAll() async throws {
        // About 10 MB of JSON: past the 8 MB held in memory, the rest waits in a temporary file.
        let text = String(repeating: "lang tekst om kontrakten ", count: 3)
        let good = (0..<100_000).map { "{\"n\":\($0),\"name\":\"row number \($0) æøå\",\"text\":\"\(text)\"}\n" }.joined()
        let file = nkq.home.write("big.ndjson", good)
        let broken = nkq.home.write("big-broken.ndjson", good + "{\"n\":\n")
        let tmp = nkq.home.path + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let r = try await nkq.run(["--format", "json", "-c", "get file '\(file)'"], environment: ["TMPDIR": tmp])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.utf8.count > 8 << 20)
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 100_000)
        #expect(rows?.last?["name"] as? String == "row number 99999 æøå")
        let failed = try await nkq.run(["--format", "json", "-c", "get file '\(broken)'"], environment: ["TMPDIR": tmp])
        #expect(failed.status == 1)
        #expect(failed.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty, "nothing left in TMPDIR")
    }

    @Test func aSummaryOfPartialRowsIsNeverPresentedAsTheAnswer() async throws {
        let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]
        let count = "get contracts where supplier = 10004 | count"
        // Three calls a minute: the run stops after three pages of ten, partial.
        for format in ["json", "ndjson", "csv", "tsv"] {
            let sim = try SimProcess(["--rate-limit", "3/60"])
            let r = try await nkq.run(sim.target + ["--on-limit", "partial", "--format", format, "-c", count], environment: demo)
            #expect(r.status == 3, "\(format): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(format): \(r.stdout)")
            #expect(r.stderr.components(separatedBy: "partial").count == 2, "one note: \(r.stderr)")
        }
        let sim = try SimProcess(["--rate-limit", "3/60"])
        let table = try await nkq.run(sim.target + ["--on-limit", "partial", "--format", "table", "-c", count], environment: demo)
        #expect(table.status == 3)
        // Never read to its end in this session: the whole is not known, and not guessed.
        #expect(table.stdout.hasPrefix("partial: 30 rows read; this count is not the answer\n"), "\(table.stdout)")

        // Rows that were only filtered and projected are real rows: written, marked by the status.
        let rowsSim = try SimProcess(["--rate-limit", "3/60"])
        let rows = try await nkq.run(rowsSim.target + ["--on-limit", "partial", "--format", "json", "-c",
                                                 "get contracts where supplier = 10004 | select contractId"], environment: demo)
        #expect(rows.status == 3)
        let parsed = try JSONSerialization.jsonObject(with: Data(rows.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 30)
    }

    @Test func aPartialSummarySaysHowMuchOfTheWholeItRead() async throws {
        let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]
        let count = "get contracts where supplier = 10004 | count"
        // 15 calls an hour (the window opens at the first call, so it cannot roll over here):
        // the first run reads all 120 rows in 13 calls, the second gets 2 pages.
        let sim = try SimProcess(["--rate-limit", "15/3600"])
        let r = try await nkq.run(sim.target + ["--no-cache", "--on-limit", "partial", "--format", "table", "-c", count, "-c", count],
                            environment: demo)
        #expect(r.status == 3, "\(r.stderr)")
        let partial = try #require(r.stdout.range(of: "partial: "), "\(r.stdout)")
        #expect(r.stdout[..<partial.lowerBound].contains("120"), "the first count: \(r.stdout)")
        #expect(r.stdout[partial.lowerBound...].hasPrefix("partial: 20 of about 120 rows read; this count is not the answer\n"),
                "\(r.stdout)")
    }
}
