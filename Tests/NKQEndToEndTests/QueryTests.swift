import Foundation
import NKQTestSupport
import Testing

/// Statements run by the `nkq` binary against the embedded simulator and against `nkq sim`
/// processes with a tight quota, faults or the wrong secret: exit statuses, stats, explain.
@Suite struct QueryTests {
    let nkq = NKQProcess()

    let demo = ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": "demo-secret"]

    @Test func embeddedSimulatorAnswersAndStatsAreAppended() async throws {
        let stats = nkq.home.path + "/stats.ndjson"
        let r = try await nkq.run(["--stats-file", stats, "-c", "get contracts where supplier = 10002 | count",
                             "-c", "get contracts where supplier = 10001"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[{\"count\":10}]\n[]\n")
        let lines = try String(contentsOfFile: stats, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        // 10 contracts: a full page, then an empty one.
        #expect(first?["calls"] as? Int == 2)
        #expect(first?["rows"] as? Int == 1)
        #expect(first?["complete"] as? Bool == true)
        for key in ["statement", "retries", "throttled", "waitedSeconds", "cacheHits", "elapsedSeconds"] {
            #expect(first?[key] != nil, "missing \(key)")
        }
    }

    /// Flattening a second level keeps the first level's fields: the elements' `name` and `to`
    /// come in renamed, with one note, and the conditions' own values stay as they were.
    @Test func flattenKeepsBothSidesOfAClashWithANote() async throws {
        let head = "get contracts where supplier = 10012 | limit 1 | flatten conditions"
        let conditions = try await nkq.run(["--format", "ndjson", "-c", head + " | select contractId, name, to"])
        #expect(conditions.status == 0, "\(conditions.stderr)")
        let both = try await nkq.run(["--format", "ndjson", "-c",
                                      head + " | flatten elements | select contractId, name, to, elements_name, elements_to"])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stderr.contains("renamed: name → elements_name"), "\(both.stderr)")
        #expect(both.stderr.contains("to → elements_to"), "\(both.stderr)")
        #expect(both.stderr.components(separatedBy: "note:").count == 2, "\(both.stderr)")
        func objects(_ text: String) -> [[String: Any]] {
            text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        let conditionRows = objects(conditions.stdout).map { "\($0["contractId"] ?? "") \($0["name"] ?? "") \($0["to"] ?? "")" }
        let rows = objects(both.stdout)
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(conditionRows.contains("\(row["contractId"] ?? "") \(row["name"] ?? "") \(row["to"] ?? "")"), "\(row)")
        }
        #expect(rows.contains { $0["elements_name"] is String })
    }

    @Test func explainPrintsThePlanAsJSONWithoutCalls() async throws {
        let r = try await nkq.run(["--format", "json", "-c",
                             "explain get contracts where supplier in (10012, 10017, 10012) and approved >= 2024-01-01"])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let requests = plan?["requests"] as? [[String: Any]]
        #expect(requests?.count == 1)
        #expect(requests?.first?["method"] as? String == "GET")
        #expect((requests?.first?["params"] as? [String: Any])?["suppliers"] as? String == "10012,10017")
        let placements = (plan?["predicates"] as? [[String: Any]])?.compactMap { $0["placement"] as? String }
        #expect(placements == ["exact", "prefilter"])
        #expect((plan?["calls"] as? [String: Any])?["min"] as? Int == 1)
    }

    @Test func explainEstimatesFromThePagesARequestTookBefore() async throws {
        let explain = "explain get contracts where supplier = 10004"
        let r = try await nkq.run(["--format", "json", "-c", explain, "-c", "get contracts where supplier = 10004 | count",
                             "-c", explain])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "\(r.stdout)")
        func estimate(_ line: String) throws -> Int? {
            let plan = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (plan?["calls"] as? [String: Any])?["estimate"] as? Int
        }
        let count = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [[String: Any]]
        let contracts = try #require(count?.first?["count"] as? Int)
        // Before: a guess. After: the pages the run took (10 a page, the last one short).
        #expect(try estimate(lines[0]) == 1)
        #expect(try estimate(lines[2]) == contracts / 10 + 1)
    }

    @Test func asciiDrawsTablesWithASCIIOnly() async throws {
        let statement = "get zones where supplier = 10012 | limit 2"
        let plain = try await nkq.run(["--format", "table", "-c", statement])
        let ascii = try await nkq.run(["--format", "table", "--ascii", "-c", statement])
        #expect(plain.status == 0 && ascii.status == 0, "\(ascii.stderr)")
        #expect(plain.stdout.contains("─"), "\(plain.stdout)")
        #expect(!ascii.stdout.isEmpty && ascii.stdout.unicodeScalars.allSatisfy(\.isASCII), "\(ascii.stdout)")
    }

    @Test func budgetRefusalExitsThreeWithThePlanOnStderr() async throws {
        let r = try await nkq.run(["--max-calls", "5", "-c", "get contracts"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("GET /v1/contracts"))
        #expect(r.stderr.contains("error: the plan needs about 300 calls, more than --max-calls 5"), "\(r.stderr)")
    }

    /// A paged request's pages are known only as they are read: its estimate decides whether it
    /// runs, and a run that outgrows the budget stops at it with the rows in hand, partial.
    @Test func maxCallsRunsAPagedStatementItsEstimateFitsAndStopsItAtTheBudget() async throws {
        let fits = try await nkq.run(["--max-calls", "1000000", "-c", "get contracts where supplier = 10012 | count"])
        #expect(fits.status == 0, "\(fits.stderr)")
        #expect(fits.stdout == "[{\"count\":3}]\n")
        // Estimated at one call, it needs four (three pages of ten, then a short one).
        let outgrown = try await nkq.run(["--no-cache", "--max-calls", "2", "--format", "ndjson", "-c",
                                          "get contracts where supplier = 10004"])
        #expect(outgrown.status == 3, "\(outgrown.stderr)")
        #expect(outgrown.stdout.split(separator: "\n").count == 20)
        #expect(outgrown.stderr.contains("partial result: stopped after 2 calls (--max-calls)"), "\(outgrown.stderr)")
        // A summary of partial rows is not written as the answer.
        let counted = try await nkq.run(["--no-cache", "--max-calls", "2", "-c", "get contracts where supplier = 10004 | count"])
        #expect(counted.status == 3, "\(counted.stderr)")
        #expect(counted.stdout.isEmpty, "\(counted.stdout)")
    }

    @Test func partialResultUnderATightQuotaExitsThree() async throws {
        let sim = try SimProcess(["--rate-limit", "3/60"])
        let r = try await nkq.run(sim.target + ["--on-limit", "partial", "--format", "ndjson", "-c",
                                          "get contracts where supplier = 10004"], environment: demo)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 30)  // three pages of ten
        #expect(r.stderr.contains("partial"))
    }

    @Test func apiFailureExitsOne() async throws {
        let sim = try SimProcess(["--fault-rate", "1"])
        let r = try await nkq.run(sim.target + ["-c", "get zones where supplier = 10012"], environment: demo)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("error:"))
    }

    @Test func wrongSecretExitsFourAndNeverShowsTheSecret() async throws {
        let sim = try SimProcess([])
        let secret = "wrong-secret-\(UUID().uuidString)"
        let r = try await nkq.run(sim.target + ["-c", "get zones where supplier = 10012"],
                            environment: ["NKQ_CLIENT_ID": "demo", "NKQ_CLIENT_SECRET": secret])
        #expect(r.status == 4, "\(r.stderr)")
        #expect(!r.stderr.contains(secret) && !r.stdout.contains(secret))
        #expect(r.stdout.isEmpty, "\(r.stdout)")  // no `[]` for `| jq` to take as the answer
    }

    @Test func forbiddenClientExitsFour() async throws {
        let sim = try SimProcess([])
        let r = try await nkq.run(sim.target + ["-c", "get zones where supplier = 10012"],
                            environment: ["NKQ_CLIENT_ID": "nosub", "NKQ_CLIENT_SECRET": "nosub-secret"])
        #expect(r.status == 4, "\(r.stderr)")
    }

    @Test func faultsDoNotChangeTheRows() async throws {
        let statement = "get contracts where supplier in (10002, 10003, 10012) | select contractId, text"
        let clean = try await nkq.run(["--format", "ndjson", "-c", statement])
        let sim = try SimProcess(["--fault-rate", "0.2"])
        let faulty = try await nkq.run(sim.target + ["--format", "ndjson", "-c", statement], environment: demo)
        #expect(clean.status == 0 && faulty.status == 0, "\(faulty.stderr)")
        #expect(clean.stdout == faulty.stdout)
        #expect(clean.stdout.split(separator: "\n").count >= 30)
    }

    @Test func fileSourceQueriesSavedOutput() async throws {
        let saved = try await nkq.run(["--format", "ndjson", "-c", "get contracts where supplier = 10003 | select contractId, text"])
        let file = nkq.home.write("saved.ndjson", saved.stdout)
        let r = try await nkq.run(["--format", "csv", "-c", "get file '\(file)' | sort contractId desc | limit 2 | select contractId"])
        #expect(r.status == 0, "\(r.stderr)")
        let ids = saved.stdout.split(separator: "\n").compactMap { line -> Int? in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["contractId"] as? Int
        }.sorted(by: >)
        #expect(r.stdout == "contractId\r\n\(ids[0])\r\n\(ids[1])\r\n")
    }
}
